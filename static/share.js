// Copy buttons of the "embed" section on company and actor pages. They show only where they
// can work: with scripts and a clipboard. One file rather than a block in every such page.
if (navigator.clipboard) {
  for (const b of document.querySelectorAll("button.copy")) {
    b.hidden = false;
    b.addEventListener("click", () => {
      navigator.clipboard.writeText(document.getElementById(b.dataset.copy).value)
        .then(() => { b.textContent = b.dataset.done; });
    });
  }
}
