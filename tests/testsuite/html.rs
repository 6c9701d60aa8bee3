//! `tally check --html`: the Nu HTML Checker on the built site, and what it says when the
//! checker is not installed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::{build, copy_of, fixture, read, stderr, stdout};

/// vnu.jar from TALLY_VNU_JAR, else where `npm install --prefix target/npm vnu-jar` puts it;
/// `None` (the test is skipped) when it or Java is missing, unless TALLY_VNU_REQUIRED is set,
/// as CI sets it, so that there the test cannot pass without running.
fn checker() -> Option<PathBuf> {
    let jar = std::env::var_os("TALLY_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::util::repo().join("target/npm/node_modules/vnu-jar/build/dist/vnu.jar"));
    let java = Command::new("java").arg("-version").output().is_ok();
    if jar.is_file() && java {
        return Some(jar);
    }
    let why = format!(
        "needs Java and vnu.jar (at {}, or set TALLY_VNU_JAR): java found: {java}",
        jar.display()
    );
    assert!(std::env::var_os("TALLY_VNU_REQUIRED").is_none(), "{why}");
    eprintln!("skipped: {why}");
    None
}

/// Runs `tally ARGS` in `dir` with TALLY_VNU_JAR set to `jar` (or unset) and PATH set to `path`.
fn tally_env(dir: &Path, args: &[&str], jar: Option<&Path>, path: Option<&Path>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tally"));
    c.args(args)
        .current_dir(dir)
        .env_remove("HOME")
        .env_remove("TALLY_VNU_JAR");
    if let Some(jar) = jar {
        c.env("TALLY_VNU_JAR", jar);
    }
    if let Some(path) = path {
        c.env("PATH", path);
    }
    c.output().unwrap()
}

#[test]
fn an_invalid_overridden_template_is_reported_at_its_line() {
    let Some(jar) = checker() else { return };
    let (_dir, root) = copy_of(&fixture("basic"));
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::create_dir_all(root.join("static")).unwrap();
    // Line 4 is copied to the page as it is; line 5 goes through a tag, so only the page can
    // be named for it.
    fs::write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ t.not_found_title }}</h1>\n\
         <p>Back <time datetime=\"soon\">soon</time>.</p>\n\
         <p>{{ t.not_found_lede }} <time datetime=\"later\">later</time></p>\n{% endblock content %}\n",
    )
    .unwrap();
    fs::write(root.join("static/extra.css"), "p { margin: 0; }\nh1 { color: reed; }\n").unwrap();

    let o = tally_env(&root, &["check", "--html", "--now", "2026-11-25"], Some(&jar), None);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let out = dir_built(&root);
    let page = read(&out, "404.html");
    let at = |needle: &str| page.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let (soon, later) = (at("datetime=\"soon\""), at("datetime=\"later\""));
    let later_text = page.lines().nth(later - 1).unwrap();
    let later_column = later_text.find("<time").unwrap() + 1;
    let expected = format!(
        "public/404.html:{later}:{later_column}: error: Bad value “later” for attribute “datetime” on element “time”: The literal did not satisfy the time-datetime format.
{later} | {later_text}
   | {pad}^
   = hint: the file as `tally build` writes it: fix the template (or write-up) that produces this line
static/extra.css:2:13: error: CSS: “color”: “reed” is not a “color” value.
2 | h1 {{ color: reed; }}
  |             ^
  = hint: this file is the tracker's own, copied as it is
templates/404.html:4:9: error: Bad value “soon” for attribute “datetime” on element “time”: The literal did not satisfy the time-datetime format.
4 | <p>Back <time datetime=\"soon\">soon</time>.</p>
  |         ^
  = hint: it is line {soon} of public/404.html, as `tally build` writes it
",
        pad = " ".repeat(later_column - 1)
    );
    let report = stdout(&o);
    let start = report.find("public/404.html").expect(&report);
    let end = report.find("Checked ").unwrap();
    assert_eq!(&report[start..end], expected);
    assert!(
        report[end..].starts_with(
            "Checked 4 incidents (0 held back until their disclosure date, 1 draft): 3 errors, 4 warnings; 3 HTML errors"
        ),
        "{report}"
    );
}

/// The site as `tally build` writes it with the same options, to find the page's lines.
fn dir_built(root: &Path) -> PathBuf {
    let out = root.parent().unwrap().join("built");
    build(root, &out, &["--now", "2026-11-25"]);
    out
}

#[test]
fn the_default_theme_passes_on_the_basic_fixture() {
    let Some(jar) = checker() else { return };
    let (_dir, root) = copy_of(&fixture("basic"));
    let o = tally_env(&root, &["check", "--html", "--now", "2026-11-25"], Some(&jar), None);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("4 warnings; 0 HTML errors (build date 2026-11-25)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_missing_checker_says_how_to_install_it() {
    let (dir, root) = copy_of(&fixture("basic"));
    // An empty PATH: neither `vnu` nor `java` can be found.
    let empty = dir.path().join("empty-path");
    fs::create_dir(&empty).unwrap();
    let o = tally_env(&root, &["check", "--html"], None, Some(&empty));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: check --html needs the Nu HTML Checker, and TALLY_VNU_JAR is not set and there is no `vnu` command on PATH: install Java 11 or later (Debian and Ubuntu: `apt-get install default-jre-headless`), then install the checker with `npm install --global vnu-jar` (which gives the `vnu` command), or download vnu.jar from https://github.com/validator/validator/releases and set TALLY_VNU_JAR to its path\n"
    );

    let jar = dir.path().join("vnu.jar");
    let o = tally_env(&root, &["check", "--html"], Some(&jar), Some(&empty));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: TALLY_VNU_JAR is `{}`, which is not a file: set it to the path of vnu.jar (after `npm install vnu-jar`, node_modules/vnu-jar/build/dist/vnu.jar)\n",
            jar.display()
        )
    );

    fs::write(&jar, b"").unwrap();
    let o = tally_env(&root, &["check", "--html"], Some(&jar), Some(&empty));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: check --html runs the Nu HTML Checker (TALLY_VNU_JAR={}) with Java, and there is no `java` command on PATH: install Java 11 or later (Debian and Ubuntu: `apt-get install default-jre-headless`)\n",
            jar.display()
        )
    );
}
