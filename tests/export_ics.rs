//! The iCalendar feed parses with Python's `icalendar` (from PyPI, in a
//! virtual environment under the target directory).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{record, scratch, write_files};
use vanban::export::{TaskFormat, write_tasks};
use vanban::index::records::TaskRecord;

/// A Python with `icalendar` installed, or `None` when PyPI cannot be reached;
/// made once for all the tests of this file.
fn python_with_icalendar() -> Option<PathBuf> {
    static PYTHON: OnceLock<Option<PathBuf>> = OnceLock::new();
    PYTHON.get_or_init(install_icalendar).clone()
}

fn install_icalendar() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("py-icalendar");
    let python = venv.join("bin/python");
    let ready = |python: &Path| {
        Command::new(python)
            .args(["-c", "import icalendar"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if ready(&python) {
        return Some(python);
    }
    let created = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .expect("python3 runs");
    assert!(created.success(), "python3 -m venv failed: install python3-venv");
    let pip = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "icalendar"])
        .output()
        .expect("pip runs");
    if !pip.status.success() {
        println!(
            "SKIPPED: cannot install icalendar from PyPI: {}",
            String::from_utf8_lossy(&pip.stderr)
        );
        return None;
    }
    Some(python)
}

const CHECK: &str = r#"
import sys, icalendar
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
for todo in calendar.walk("VTODO"):
    due = todo.get("DUE")
    rrule = todo.get("RRULE")
    print("|".join([
        str(todo.get("UID")),
        str(todo.get("SUMMARY")),
        due.dt.isoformat() if due else "",
        rrule.to_ical().decode() if rrule else "",
        str(todo.get("CLASS", "")),
        str(todo.get("DESCRIPTION", "")).split("\n")[0],
    ]))
"#;

/// The VTODOs of the calendar file `ics` as Python's icalendar reads them:
/// UID, SUMMARY, DUE, RRULE, CLASS and the first line of DESCRIPTION.
fn parsed_todos(python: &Path, dir: &Path, ics: &Path) -> Vec<Vec<String>> {
    let script = dir.join("check.py");
    std::fs::write(&script, CHECK).unwrap();
    let output = Command::new(python).arg(&script).arg(ics).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('|').map(str::to_string).collect())
        .collect()
}

#[test]
fn the_ics_feed_parses_with_python_icalendar() {
    let Some(python) = python_with_icalendar() else { return };
    let dir = scratch("ics");
    let mut tasks: Vec<TaskRecord> = write_files(&dir)
        .iter()
        .flat_map(|path| record(path).unwrap().tasks)
        .collect();
    tasks[0].task.rrule = Some("FREQ=MONTHLY;BYMONTHDAY=1".into());
    let ics = dir.join("tasks.ics");
    let file = std::fs::File::create(&ics).unwrap();
    write_tasks(TaskFormat::Ics, &tasks, chrono::Utc::now(), file).unwrap();
    let rows = parsed_todos(&python, &dir, &ics);
    assert_eq!(rows.len(), tasks.len());
    assert_eq!(rows[0][1], "Nhiệm vụ 0");
    assert_eq!(rows[0][2], "2025-12-31");
    assert_eq!(rows[0][3], "FREQ=MONTHLY;BYMONTHDAY=1");
    assert_eq!(rows[0][5], "Văn bản: 06-QC/TU ngày 04/11/2025, Điều 5 khoản 1");
    assert_eq!(rows[2][2], "", "a task without a deadline has no DUE");
    let secret = &rows[3];
    assert_eq!(
        (secret[1].as_str(), secret[4].as_str()),
        ("15-KH/TU (Mật)", "CONFIDENTIAL")
    );
    assert_eq!(secret[5], "Chủ trì: Công an thành phố");
    let uids: std::collections::HashSet<&String> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(uids.len(), rows.len(), "UIDs are distinct");
}

#[test]
fn the_extracted_feed_of_the_clean_seed_parses_too() {
    let Some(python) = python_with_icalendar() else { return };
    let dir = scratch("ics-seed");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let seed = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("002_")))
        .expect("corpus/002_*");
    let extract = |format: &str| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vanban"));
        let output = command
            .args(["extract", "--no-repair", "--format", format])
            .arg(&seed)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        output.stdout
    };
    let extraction: serde_json::Value = serde_json::from_slice(&extract("json")).unwrap();
    let tasks = extraction["tasks"].as_array().map_or(0, Vec::len);
    let ics = dir.join("seed.ics");
    std::fs::write(&ics, extract("ics")).unwrap();
    let rows = parsed_todos(&python, &dir, &ics);
    assert!(
        tasks > 0 && rows.len() == tasks,
        "{} VTODOs for {tasks} tasks",
        rows.len()
    );
    assert!(
        rows.iter()
            .all(|r| r[5].starts_with("Văn bản: ") && r[5].contains("Điều ")),
        "{rows:?}"
    );
}
