//! Search: ranked hits with highlighted snippets and where they come from.
//!
//! A query is searched in the exact fields (boosted) and the folded fields,
//! every word required in one of them. A query typed without diacritics is
//! also restored (by the repair engine's decoder, passed in as `restore`)
//! and both readings are searched. Rows holding every word of the exact
//! reading (the query as typed when it has diacritics, else its
//! restoration) with its diacritics form a first tier: they rank above all
//! rows that match only when folded. Words that follow each other as in
//! the query score extra.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::postings::Postings;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, QueryParser, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, DocSet, Searcher, Term};

use super::analyzer::nfc;
use super::schema::{Kind, StoredRow};
use super::{IndexError, VanbanIndex};
use crate::structure::{ArticleNumber, Loc};
use crate::vietnamese;

/// Score added to a row that holds every word of the exact reading: a tier above the rest.
const EXACT_TIER: f32 = 1000.0;
/// Weight of a match on the exact (diacritics kept) fields over the folded ones.
const EXACT_BOOST: f32 = 4.0;
/// Weight of a title match over a body match.
const TITLE_BOOST: f32 = 2.0;
/// Weight of the query's words found next to each other.
const PHRASE_BOOST: f32 = 2.0;
/// Length of a snippet, in characters.
const SNIPPET_CHARS: usize = 200;
/// Values listed per facet in the results.
const FACET_VALUES: usize = 5;
/// The facets counted over all hits.
const FACETS: [&str; 4] = ["kind", "type", "year", "issuer"];

/// What to search for.
#[derive(Clone, Debug)]
pub struct SearchRequest<'a> {
    /// The query as typed (tantivy query syntax; plain words are all required).
    pub query: &'a str,
    /// Only rows of this kind.
    pub kind: Option<Kind>,
    /// At most this many hits.
    pub limit: usize,
}

/// The answer to a search.
#[derive(Clone, Debug, Serialize)]
pub struct SearchResults {
    /// The readings searched: the query, and its restoration when it had no diacritics.
    pub readings: Vec<String>,
    /// How many rows match in all.
    pub total: usize,
    /// The best hits, best first.
    pub hits: Vec<Hit>,
    /// Counts of the matching rows by kind, type, year and issuer.
    pub facets: Vec<FacetCount>,
}

/// One matching row.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// Document, article or task.
    pub kind: Kind,
    /// Relevance (higher is better).
    pub score: f32,
    /// The document's id.
    pub doc_id: String,
    /// The document's symbol.
    pub symbol: Option<String>,
    /// The document's type.
    pub doc_type: Option<String>,
    /// The row's title.
    pub title: Option<String>,
    /// Điều / khoản / điểm of the snippet's first highlighted word.
    pub loc: Loc,
    /// The source file.
    pub path: std::path::PathBuf,
    /// Page of the snippet's first highlighted word.
    pub page: u32,
    /// 1-based source line of the snippet's first highlighted word.
    pub line: u32,
    /// A passage of the original text around the matched words.
    pub snippet: String,
    /// Byte ranges of `snippet` that matched the query.
    pub highlights: Vec<(usize, usize)>,
}

/// How many matching rows have one value of a facet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The facet: `kind`, `type`, `year` or `issuer`.
    pub facet: String,
    /// Its value.
    pub value: String,
    /// How many matching rows have it.
    pub count: u64,
}

impl VanbanIndex {
    /// Searches the index; `restore` puts diacritics back on a query typed without them.
    pub fn search(
        &self,
        request: &SearchRequest,
        restore: &dyn Fn(&str) -> String,
    ) -> Result<SearchResults, IndexError> {
        let readings = readings(request.query, restore);
        let (query, exact) = self.query(&readings, request.kind);
        let searcher = self.reader.searcher();
        let mut facets = FacetCollector::for_field("facets");
        for facet in FACETS {
            facets.add_facet(format!("/{facet}").as_str());
        }
        let top = TopDocs::with_limit(request.limit.max(1)).order_by_score();
        let (top, total, counts) = searcher
            .search(&*query, &(top, Count, facets))
            .map_err(|e| self.error(e))?;
        let passes = [
            (exact.as_deref(), self.fields.body),
            (Some(&*query), self.fields.body_folded),
        ];
        let snippets = Snippets::new(&searcher, &passes).map_err(|e| self.error(e))?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let row = self.stored_row(address)?;
            let snippet = snippets.cut(&searcher, address, &row.body).map_err(|e| self.error(e))?;
            hits.push(hit(row, score, snippet));
        }
        let facets = FACETS
            .iter()
            .flat_map(|facet| {
                counts
                    .top_k(format!("/{facet}").as_str(), FACET_VALUES)
                    .into_iter()
                    .map(|(value, count)| FacetCount {
                        facet: facet.to_string(),
                        value: value.to_path().last().map(|v| v.to_string()).unwrap_or_default(),
                        count,
                    })
            })
            .collect();
        Ok(SearchResults {
            readings,
            total,
            hits,
            facets,
        })
    }

    /// The query of all readings, restricted to `kind`, and the query of the
    /// exact reading alone on the exact fields (when there is one).
    fn query(&self, readings: &[String], kind: Option<Kind>) -> (Box<dyn Query>, Option<Box<dyn Query>>) {
        let fields = &self.fields;
        let mut parser = QueryParser::for_index(
            &self.index,
            vec![fields.title, fields.body, fields.title_folded, fields.body_folded],
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(fields.title, EXACT_BOOST * TITLE_BOOST);
        parser.set_field_boost(fields.body, EXACT_BOOST);
        parser.set_field_boost(fields.title_folded, TITLE_BOOST);
        let matches: Vec<(Occur, Box<dyn Query>)> = readings
            .iter()
            .map(|reading| (Occur::Should, parser.parse_query_lenient(reading).0))
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(BooleanQuery::new(matches)))];
        let exact = exact_reading(readings).map(|reading| {
            let mut exact = QueryParser::for_index(&self.index, vec![fields.title, fields.body]);
            exact.set_conjunction_by_default();
            exact.parse_query_lenient(reading).0
        });
        if let Some(exact) = &exact {
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(exact.box_clone(), EXACT_TIER)),
            ));
        }
        for reading in readings {
            for (field, boost) in [
                (fields.body, EXACT_BOOST * PHRASE_BOOST),
                (fields.body_folded, PHRASE_BOOST),
            ] {
                if let Some(phrase) = self.phrase(field, reading) {
                    clauses.push((Occur::Should, Box::new(BoostQuery::new(phrase, boost))));
                }
            }
        }
        if let Some(kind) = kind {
            let term = Term::from_field_text(fields.kind, kind.as_str());
            clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        (Box::new(BooleanQuery::new(clauses)), exact)
    }

    /// The words of `text` as a phrase on `field` (one word apart at most), when it has two or more.
    fn phrase(&self, field: Field, text: &str) -> Option<Box<dyn Query>> {
        let terms = self.terms(field, text).ok()?;
        (terms.len() >= 2).then(|| {
            let mut phrase = PhraseQuery::new(terms);
            phrase.set_slop(1);
            Box::new(phrase) as Box<dyn Query>
        })
    }
}

/// The query in NFC and, when it has no diacritics, its restoration too (if different).
fn readings(query: &str, restore: &dyn Fn(&str) -> String) -> Vec<String> {
    let query = nfc(query.trim()).into_owned();
    let mut readings = vec![query.clone()];
    if vietnamese::strip_marks(&query) == query {
        let restored = nfc(restore(&query).trim()).into_owned();
        if !restored.is_empty() && restored != query {
            readings.push(restored);
        }
    }
    readings
}

/// The reading whose diacritics count: the query if it has any, else its restoration.
fn exact_reading(readings: &[String]) -> Option<&String> {
    let typed = readings.first()?;
    if vietnamese::strip_marks(typed) != *typed {
        Some(typed)
    } else {
        readings.get(1)
    }
}

/// Cuts snippets: finds where the query's words cluster in a row's body
/// through their positions in the index, then lets tantivy's snippet
/// generator pick the best fragment of a window around that place, so a long
/// document is never tokenized whole. Passes are tried in turn: the exact
/// reading's words as written, then every word once folded.
struct Snippets {
    passes: Vec<Pass>,
}

/// One way of finding and highlighting the query's words.
struct Pass {
    generator: SnippetGenerator,
    field: Field,
    terms: Vec<Term>,
}

/// Tokens within which query words count as one cluster.
const CLUSTER_TOKENS: u32 = 24;
/// Tokens of context kept before a cluster.
const LEAD_TOKENS: u32 = 12;
/// Bytes of body handed to the snippet generator.
const WINDOW_BYTES: usize = 16 * SNIPPET_CHARS;

/// A snippet: the fragment, its highlighted byte ranges, and its byte offset in the body.
type Cut = (String, Vec<(usize, usize)>, usize);

impl Snippets {
    /// The passes of `(query, body field)`, in order; a pass without a query is left out.
    fn new(searcher: &Searcher, passes: &[(Option<&dyn Query>, Field)]) -> tantivy::Result<Self> {
        let mut made = Vec::new();
        for &(query, field) in passes {
            let Some(query) = query else { continue };
            let mut generator = SnippetGenerator::create(searcher, query, field)?;
            generator.set_max_num_chars(SNIPPET_CHARS);
            let mut terms = Vec::new();
            query.query_terms(&mut |term, _| {
                if term.field() == field && !terms.contains(term) {
                    terms.push(term.clone());
                }
            });
            made.push(Pass {
                generator,
                field,
                terms,
            });
        }
        Ok(Snippets { passes: made })
    }

    /// The snippet of the row at `address`, whose body is `body` (its opening when no word of the body matched).
    fn cut(&self, searcher: &Searcher, address: DocAddress, body: &str) -> tantivy::Result<Cut> {
        for pass in &self.passes {
            let Some(position) = pass.cluster(searcher, address)? else {
                continue;
            };
            let from = token_start(body, position.saturating_sub(LEAD_TOKENS));
            let to = (from + WINDOW_BYTES).min(body.len());
            let to = (to..=body.len())
                .find(|&at| body.is_char_boundary(at))
                .unwrap_or(body.len());
            let snippet = pass.generator.snippet(&body[from..to]);
            if !snippet.highlighted().is_empty() {
                let highlights = joined_highlights(snippet.fragment(), snippet.highlighted());
                return Ok((
                    snippet.fragment().to_string(),
                    highlights,
                    from + snippet.fragment_range().start,
                ));
            }
        }
        Ok((opening(body).to_string(), Vec::new(), 0))
    }
}

impl Pass {
    /// The token position in the body where most distinct query words fall
    /// within [`CLUSTER_TOKENS`] of each other (the earliest such place).
    fn cluster(&self, searcher: &Searcher, address: DocAddress) -> tantivy::Result<Option<u32>> {
        let inverted = searcher
            .segment_reader(address.segment_ord)
            .inverted_index(self.field)?;
        let mut marks: Vec<(u32, usize)> = Vec::new();
        let mut positions = Vec::new();
        for (which, term) in self.terms.iter().enumerate() {
            let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? else {
                continue;
            };
            let first = postings.doc();
            let target = address.doc_id;
            if first == target || (first < target && postings.seek(target) == target) {
                postings.positions(&mut positions);
                marks.extend(positions.iter().map(|&p| (p, which)));
            }
        }
        marks.sort_unstable();
        Ok(densest(&marks, self.terms.len()))
    }
}

/// The first position of the window of [`CLUSTER_TOKENS`] holding the most distinct words.
fn densest(marks: &[(u32, usize)], words: usize) -> Option<u32> {
    let mut best: Option<(usize, u32)> = None;
    let mut seen = vec![false; words];
    for (at, &(start, _)) in marks.iter().enumerate() {
        seen.iter_mut().for_each(|s| *s = false);
        for &(_, which) in marks[at..].iter().take_while(|(p, _)| *p < start + CLUSTER_TOKENS) {
            seen[which] = true;
        }
        let distinct = seen.iter().filter(|&&s| s).count();
        if best.is_none_or(|(most, _)| distinct > most) {
            best = Some((distinct, start));
        }
    }
    best.map(|(_, start)| start)
}

/// `char::is_alphanumeric`, answered without a table lookup for ASCII and
/// the Latin blocks that hold every Vietnamese letter.
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0}'..='\u{7f}' | '\u{d7}' | '\u{f7}' => false,
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => true,
        c => c.is_alphanumeric(),
    }
}

/// Byte offset of token `position` of `text`, counting tokens as the
/// analyzers' tokenizer does (runs of alphanumeric characters); the text's
/// end when it has fewer tokens.
fn token_start(text: &str, position: u32) -> usize {
    let mut count = 0u32;
    let mut in_token = false;
    for (at, c) in text.char_indices() {
        let alphanumeric = is_word_char(c);
        if alphanumeric && !in_token {
            if count == position {
                return at;
            }
            count += 1;
        }
        in_token = alphanumeric;
    }
    text.len()
}

/// A hit from its stored row and snippet, placed at its first highlighted word.
fn hit(row: StoredRow, score: f32, (snippet, highlights, start): Cut) -> Hit {
    let offset = start + highlights.first().map_or(0, |h| h.0);
    let line = row.line + row.body[..offset.min(row.body.len())].matches('\n').count() as u32;
    let loc = match row.kind {
        Kind::Task => row.loc.clone(),
        Kind::Document | Kind::Article => locate(&row.body, offset, &row.loc),
    };
    Hit {
        kind: row.kind,
        score,
        page: row.page_of_line(line),
        doc_id: row.doc_id,
        symbol: row.symbol,
        doc_type: row.doc_type,
        title: row.title,
        loc,
        path: row.path,
        line,
        snippet,
        highlights,
    }
}

/// Highlighted ranges, with neighbours separated by spaces only joined into one.
fn joined_highlights(fragment: &str, ranges: &[std::ops::Range<usize>]) -> Vec<(usize, usize)> {
    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match joined.last_mut() {
            Some(last)
                if fragment
                    .get(last.1..range.start)
                    .is_some_and(|gap| gap.chars().all(|c| c == ' ')) =>
            {
                last.1 = range.end;
            }
            _ => joined.push((range.start, range.end)),
        }
    }
    joined
}

/// The first [`SNIPPET_CHARS`] characters of a text (a hit on its title only).
fn opening(text: &str) -> &str {
    let end = text.char_indices().nth(SNIPPET_CHARS).map_or(text.len(), |(at, _)| at);
    &text[..end]
}

static ARTICLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*Điều\s+(\d+)").expect("valid regex"));
static CLAUSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\d+)\.\s").expect("valid regex"));
static POINT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*([a-zđ])\)\s").expect("valid regex"));

/// The Điều / khoản / điểm in force at byte `offset` of `text`, starting from `outer`.
///
/// Reads the markers at the start of the lines up to the offset: `Điều N`,
/// `N.` (khoản) and `a)` (điểm); a marker resets the finer levels.
fn locate(text: &str, offset: usize, outer: &Loc) -> Loc {
    let mut loc = outer.clone();
    let before = text.get(..offset).unwrap_or(text);
    let lines = before.split('\n');
    for line in lines {
        match line.trim_start().chars().next() {
            Some('Đ') => {
                if let Some(article) = ARTICLE.captures(line).and_then(|c| c[1].parse::<u32>().ok()) {
                    let article = Some(ArticleNumber::from(article));
                    loc = Loc {
                        part: loc.part,
                        article,
                        ..Loc::default()
                    };
                }
            }
            Some('0'..='9') => {
                if let Some(clause) = CLAUSE.captures(line).and_then(|c| c[1].parse().ok()) {
                    loc.clause = Some(clause);
                    loc.point = None;
                }
            }
            Some('a'..='z' | 'đ') => {
                if let Some(point) = POINT.captures(line) {
                    loc.point = Some(point[1].to_string());
                }
            }
            _ => {}
        }
    }
    loc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_without_diacritics_is_also_restored() {
        let restore = |q: &str| q.replace("thanh uy", "Thành ủy");
        assert_eq!(
            readings(" thanh uy giao ", &restore),
            ["thanh uy giao", "Thành ủy giao"]
        );
        assert_eq!(readings("Thành ủy giao", &restore), ["Thành ủy giao"]);
        assert_eq!(readings("hop", &|q: &str| q.to_string()), ["hop"]);
    }

    #[test]
    fn the_exact_reading_is_the_one_with_diacritics() {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            exact_reading(&strings(&["Thành ủy"])).map(String::as_str),
            Some("Thành ủy")
        );
        assert_eq!(
            exact_reading(&strings(&["thanh uy", "thành ủy"])).map(String::as_str),
            Some("thành ủy")
        );
        assert_eq!(exact_reading(&strings(&["06-QC/TU"])), None);
    }

    #[test]
    fn the_place_of_an_offset_follows_the_markers_before_it() {
        let text = "Điều 4. Những nội dung\n1. Đối với văn bản:\na) Cấp giao nhiệm vụ.\nb) Văn bản giao\n2. Đối với mật:\nc) Ngày giao";
        let at = |needle: &str| locate(text, text.find(needle).unwrap(), &Loc::default());
        assert_eq!(at("Văn bản giao").label(), "Điều 4 khoản 1 điểm b");
        assert_eq!(at("Đối với mật").label(), "Điều 4 khoản 2");
        assert_eq!(at("Ngày giao").label(), "Điều 4 khoản 2 điểm c");
        assert_eq!(at("Những").label(), "Điều 4");
    }

    #[test]
    fn tokens_are_counted_like_the_tokenizer() {
        use tantivy::tokenizer::{SimpleTokenizer, TokenStream, Tokenizer};
        let junk = "x".repeat(100);
        let text = format!("Điều 4. Ủy ban — 06-QC/TU: {junk} giao\nnhiệm vụ; “Đảng” ủy");
        let mut tokenizer = SimpleTokenizer::default();
        let mut stream = tokenizer.token_stream(&text);
        let mut tokens = 0;
        while let Some(token) = stream.next() {
            assert_eq!(
                token_start(&text, token.position as u32),
                token.offset_from,
                "{}",
                token.text
            );
            tokens += 1;
        }
        assert_eq!(tokens, 13);
        assert_eq!(token_start(&text, 99), text.len());
    }

    #[test]
    fn the_quick_word_test_agrees_with_the_standard_library() {
        for c in ('\u{0}'..='\u{2fff}').chain('\u{1e00}'..='\u{1eff}') {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn the_densest_cluster_holds_the_most_distinct_words() {
        // Word 0 alone at 3, all three words together from 100, word 1 twice at 200.
        let marks = [(3, 0), (100, 1), (101, 0), (110, 2), (200, 1), (201, 1)];
        assert_eq!(densest(&marks, 3), Some(100));
        assert_eq!(densest(&[], 3), None);
    }

    #[test]
    fn neighbouring_highlights_join() {
        let fragment = "Ban Thường vụ Thành ủy giao, Thành\nủy";
        let word = |w: &str, from: usize| {
            let at = fragment[from..].find(w).unwrap() + from;
            at..at + w.len()
        };
        let ranges = [
            word("Thành", 0),
            word("ủy", 0),
            word("giao", 0),
            word("Thành", 30),
            word("ủy", 35),
        ];
        let joined: Vec<&str> = joined_highlights(fragment, &ranges)
            .iter()
            .map(|&(a, b)| &fragment[a..b])
            .collect();
        assert_eq!(joined, ["Thành ủy giao", "Thành", "ủy"]);
    }

    #[test]
    fn dates_and_amounts_are_not_clauses() {
        let text = "26/5/2025 của Ban\n1.000 tỷ đồng\nxem";
        assert_eq!(locate(text, text.len() - 1, &Loc::default()), Loc::default());
    }
}
