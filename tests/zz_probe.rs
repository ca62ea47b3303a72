use vanban::extract::symbols::find_symbols;
use vanban::text::Text;
#[test]
fn probe() {
    let mut all = std::collections::BTreeMap::<String, usize>::new();
    for dir in ["../shared/corpus-party/docs", "../shared/corpus-ext/docs", "../shared/corpus"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for p in paths.iter() {
            let t = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
            for s in find_symbols(&Text::from_plain(&t)) { *all.entry(s.normalised).or_default() += 1; }
        }
    }
    let shapes: std::collections::BTreeMap<String, usize> = all.keys().fold(Default::default(), |mut m, k| {
        let shape: String = k.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect();
        let shape = shape.split(|c| c=='/' ).skip(1).collect::<Vec<_>>().join("/");
        *m.entry(shape).or_default() += 1; m });
    println!("{} symbols", all.len());
    for (s, n) in shapes { print!("{s}:{n}  "); }
}
