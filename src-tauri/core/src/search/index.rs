//! A built search index and the searches run on it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::index::SegmentId;
use tantivy::indexer::NoMergePolicy;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use super::candidates;
use super::columns;
use super::documents::{report_docs, whole_text_key};
use super::error::{IndexError, IndexResult};
use super::highlight::Matcher;
use super::hits::{self, Hit};
use super::needle::{self, Needle};
use super::query;
use super::queue::{self, Queued, Tickets};
use super::ranking::POOL;
use super::schema::{fields_of, schema, settings, Fields, NO_SESSION, TITLE_DOC_MARK};
use super::tokenizer::{ReportTokenizer, TOKENIZER_NAME};
use crate::content::catalog::Stamp;
use crate::content::{Library, LoadProblem, Report, ReportEntry};
use crate::storage;

/// The file in an index folder that records the files found sound (see [`check_damage`]).
const CHECKED_RECORD: &str = "checked.json";
/// Memory for the index writer.
const WRITER_MEMORY: usize = 100_000_000;
/// Fewest sections per segment worth a segment of its own (see [`balance_segments`]).
const MIN_SEGMENT_DOCS: u32 = 5_000;
/// Most segments an index is merged into, however many cores there are.
const MAX_SEGMENTS: usize = 8;

/// What [`SearchIndex::update`] changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    /// Reports added or changed: their documents were written anew.
    pub updated: usize,
    /// Reports no longer in the library: their documents were deleted.
    pub removed: usize,
}

impl std::fmt::Display for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        write!(
            f,
            "{} report{} added or changed, {} removed",
            self.updated,
            plural(self.updated),
            self.removed
        )
    }
}

/// Which reports an index holds, at which digest, with how many documents: the commit
/// payload of the index, written with the documents in one commit, so it never disagrees
/// with them.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
struct Manifest {
    reports: HashMap<String, Recorded>,
}

/// What the index holds of one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Recorded {
    digest: u64,
    sections: u64,
}

impl Manifest {
    /// How many documents the index should hold.
    fn sections(&self) -> u64 {
        self.reports.values().map(|r| r.sections).sum()
    }
}

/// Commits what `writer` holds with `manifest` as the commit's payload.
fn commit(writer: &mut IndexWriter<Queued>, manifest: &Manifest) -> IndexResult<()> {
    let payload =
        serde_json::to_string(manifest).map_err(|error| IndexError::Manifest(error.to_string()))?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

/// A 32-bit number for a report id, the same in every build and on every platform: the high
/// half of `order`.
fn stable_key(id: &str) -> u64 {
    crate::content::digest::digest(id.as_bytes()) >> 32
}

/// Which reports a search looks in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    All,
    /// The report of this id only.
    Report(String),
}

/// A search index, on disk or in memory.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// The folder of an index opened from disk, where its checked files are recorded.
    dir: Option<PathBuf>,
}

impl SearchIndex {
    /// Builds an index of `library` in memory.
    pub fn build_in_ram(library: &Library) -> IndexResult<SearchIndex> {
        let (schema, _) = schema();
        let index = Index::builder()
            .schema(schema)
            .settings(settings())
            .create_in_ram()?;
        Self::fill(index, library, &|_, _| {})
    }

    /// Builds an index of `library` in the empty folder `dir`, telling `progress` how many
    /// reports of how many are in as it goes.
    pub fn build_in_dir(
        dir: &Path,
        library: &Library,
        progress: &dyn Fn(usize, usize),
    ) -> IndexResult<SearchIndex> {
        let (schema, _) = schema();
        let index = Index::builder()
            .schema(schema)
            .settings(settings())
            .create_in_dir(dir)?;
        Self::fill(index, library, progress)
    }

    /// Opens the index in `dir`. With `verify`, every file is checked against its checksum
    /// first (reading the whole index), so damaged files are found before anything reads them.
    ///
    /// tantivy may panic on damaged files rather than return an error; that is caught here
    /// and reported as an error, so a damaged index means a rebuild, never a crash.
    pub fn open_in_dir(dir: &Path, verify: bool) -> IndexResult<SearchIndex> {
        guarded("opening the index", || {
            let index = Index::open_in_dir(dir)?;
            if verify {
                check_damage(&index, Some(dir))?;
            }
            let mut this = Self::wrap(index)?;
            this.dir = Some(dir.to_owned());
            Ok(this)
        })
    }

    fn wrap(mut index: Index) -> IndexResult<SearchIndex> {
        // Segments are searched in parallel, one thread per core: a query that matches
        // half of a large library is bound by walking its postings.
        if let Err(error) = index.set_default_multithread_executor() {
            log::debug!("searching on one thread: {error}");
        }
        index
            .tokenizers()
            .register(TOKENIZER_NAME, TextAnalyzer::from(ReportTokenizer));
        let fields = fields_of(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            dir: None,
        })
    }

    fn fill(
        index: Index,
        library: &Library,
        progress: &dyn Fn(usize, usize),
    ) -> IndexResult<SearchIndex> {
        let this = Self::wrap(index)?;
        let mut writer = this.index.writer::<Queued>(WRITER_MEMORY)?;
        let tickets = Tickets::new();
        // Segments are merged once, into balanced ones, when every document is in.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let total = library.reports.len();
        // About a hundred steps, whatever the size of the library.
        let step = (total / 100).max(1);
        let mut manifest = Manifest::default();
        let entries: Vec<&ReportEntry> = library.reports.iter().collect();
        progress(0, total);
        let mut done = 0;
        library.parse_each(&entries, |parsed| {
            done += 1;
            if done % step == 0 {
                progress(done, total);
            }
            this.add_parsed(&writer, &tickets, parsed, &mut manifest)
        })?;
        progress(total, total);
        commit(&mut writer, &manifest)?;
        balance_segments(&this.index, &mut writer)?;
        writer.wait_merging_threads()?;
        this.reader.reload()?;
        Ok(this)
    }

    /// Adds a report just parsed and records it in `manifest`. A report that cannot be read
    /// now (its file changed since the library was read) is left out and logged: the next
    /// update tries it again.
    fn add_parsed(
        &self,
        writer: &IndexWriter<Queued>,
        tickets: &Arc<Tickets>,
        parsed: Result<Report, LoadProblem>,
        manifest: &mut Manifest,
    ) -> IndexResult<()> {
        match parsed {
            Ok(report) => {
                let sections = self.add_report(writer, tickets, &report)?;
                manifest.reports.insert(
                    report.id.clone(),
                    Recorded {
                        digest: report.digest,
                        sections,
                    },
                );
            }
            Err(problem) => log::warn!("not indexed: {problem}"),
        }
        Ok(())
    }

    /// Brings the index up to date with `library`: the documents of each report added,
    /// changed or removed since the index was written are deleted and added again, in one
    /// commit, and every other report's are left as they are. Returns what changed, `None`
    /// when nothing did.
    ///
    /// Fails with [`tantivy::TantivyError::LockFailure`] while another process writes to the
    /// same index.
    pub fn update(&self, library: &Library) -> IndexResult<Option<Changes>> {
        let recorded = self.manifest()?;
        let changed: Vec<&ReportEntry> = library
            .reports
            .iter()
            .filter(|report| {
                recorded.reports.get(&report.id).map(|r| r.digest) != Some(report.digest)
            })
            .collect();
        let current: HashSet<&str> = library.reports.iter().map(|r| r.id.as_str()).collect();
        let removed: Vec<&String> = recorded
            .reports
            .keys()
            .filter(|id| !current.contains(String::as_str(id)))
            .collect();
        if changed.is_empty() && removed.is_empty() {
            return Ok(None);
        }
        let mut writer = self.index.writer::<Queued>(WRITER_MEMORY)?;
        let tickets = Tickets::new();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let mut manifest = recorded.clone();
        for id in removed.iter().copied().chain(changed.iter().map(|r| &r.id)) {
            writer.delete_term(Term::from_field_text(self.fields.report_id, id));
            manifest.reports.remove(id);
        }
        library.parse_each(&changed, |parsed| {
            self.add_parsed(&writer, &tickets, parsed, &mut manifest)
        })?;
        commit(&mut writer, &manifest)?;
        // Each update adds a segment: once there are many, they are merged again, or every
        // search would visit them all.
        if self.index.searchable_segment_metas()?.len() > MAX_SEGMENTS * 2 {
            balance_segments(&self.index, &mut writer)?;
        }
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(Some(Changes {
            updated: changed.len(),
            removed: removed.len(),
        }))
    }

    /// Checks the index holds as many documents as its last commit says it wrote: fewer
    /// means a segment was lost.
    pub fn check_count(&self) -> IndexResult<()> {
        let (found, expected) = (self.num_docs(), self.manifest()?.sections());
        if found != expected {
            return Err(IndexError::WrongCount { found, expected });
        }
        Ok(())
    }

    /// Which reports, at which digests, the index holds (from its last commit).
    fn manifest(&self) -> IndexResult<Manifest> {
        let payload = self.index.load_metas()?.payload.unwrap_or_default();
        serde_json::from_str(&payload).map_err(|error| IndexError::NoManifest(error.to_string()))
    }

    /// Adds the sections of `report`, in one batch: tantivy keeps a batch together in one
    /// segment, so each session's sections are a run of documents its title can stand for
    /// (see [`super::spread`]). Their `order` and `session_ord` are derived from the
    /// report's and the session's ids alone, so documents added by an update rank exactly
    /// as those of a full build.
    /// Returns how many documents it added.
    fn add_report(
        &self,
        writer: &IndexWriter<Queued>,
        tickets: &Arc<Tickets>,
        report: &Report,
    ) -> IndexResult<u64> {
        let f = self.fields;
        let report_key = stable_key(&report.id) << 32;
        let sections = report_docs(report);
        let count = sections.len() as u64;
        let mut batch = Vec::with_capacity(sections.len());
        for (position, section) in sections.into_iter().enumerate() {
            let session_ord = section.session.map_or(NO_SESSION, |s| {
                crate::content::digest::digest(s.id.as_bytes()).min(NO_SESSION - 1)
            });
            let mut document = doc!(
                f.report_id => report.id.as_str(),
                f.report_title => report.title.as_str(),
                f.body => section.body.as_ref(),
                f.order => report_key | position as u64,
                f.session_ord => session_ord,
                f.title_span => section.title_span,
            );
            if let Some(date) = &report.date {
                document.add_text(f.report_date, date);
            }
            for category in &report.categories {
                document.add_text(f.category, category);
            }
            if let Some(session) = section.session {
                document.add_text(f.session_id, &session.id);
            }
            if let Some(title) = section.title() {
                // Shown and checked in every section, searched in the first only.
                document.add_text(f.session_title, title);
                document.add_text(f.title_key, whole_text_key(title));
                if section.title_span > 0 {
                    document.add_text(f.title, title);
                    document.add_text(f.title_doc, TITLE_DOC_MARK);
                }
            }
            if let Some(heading) = section.heading {
                document.add_text(f.heading, heading);
                document.add_text(f.heading_key, whole_text_key(heading));
            }
            if let Some(anchor) = section.anchor {
                document.add_text(f.anchor, anchor);
            }
            batch.push(document);
        }
        queue::send(writer, tickets, batch)?;
        Ok(count)
    }

    /// Field handles of the schema.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Number of indexed sections.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Checks every index file against its checksum. Reads the whole index.
    pub fn verify(&self) -> IndexResult<()> {
        check_damage(&self.index, self.dir.as_deref())
    }

    /// Searches for `input`, best first, at most `limit` hits.
    ///
    /// tantivy may panic on damaged index files instead of returning an error; such a panic
    /// becomes an error here, so a damaged index means a rebuild, never a crashed window.
    pub fn search(&self, input: &str, limit: usize) -> IndexResult<Vec<Hit>> {
        self.search_in(input, limit, &Scope::All)
    }

    /// Like [`SearchIndex::search`], in the reports of `scope` only.
    pub fn search_in(&self, input: &str, limit: usize, scope: &Scope) -> IndexResult<Vec<Hit>> {
        guarded("searching the index", || {
            self.search_unguarded(input, limit, scope)
        })
    }

    fn search_unguarded(&self, input: &str, limit: usize, scope: &Scope) -> IndexResult<Vec<Hit>> {
        let needles = needle::parse(input);
        let searcher = self.reader.searcher();
        columns::keep_only(&segment_ids(&searcher));
        // More hits than sections cannot exist; a huge limit must not size tantivy's heap.
        let limit = limit.min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX));
        if needles.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut query = query::build(&needles, &self.fields);
        if let Scope::Report(id) = scope {
            // Every document of the report scores the same for its id, so the order within
            // the report is the order of a search of all reports.
            let report = TermQuery::new(
                Term::from_field_text(self.fields.report_id, id),
                IndexRecordOption::Basic,
            );
            query = Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(Box::new(report), 0.0)),
                ),
            ]));
        }
        let verify = needles.iter().any(Needle::needs_checking);
        let matcher = Matcher::new(needles.clone());
        let total = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let mut pool = limit.max(POOL);
        let mut seen = hits::Seen::new();
        loop {
            let candidates =
                searcher.search(&query, &TopDocs::with_limit(pool).order_by_score())?;
            let all_seen = candidates.len() < pool || pool >= total;
            let ranked = candidates::rank(&self.fields, &searcher, &needles, candidates)?;
            let hits = hits::collect(
                &self.fields,
                &searcher,
                ranked,
                &matcher,
                verify,
                limit,
                &mut seen,
            )?;
            // Candidates the check turned down leave room for hits further down: look at
            // more of them, up to all. Only needles the index cannot match exactly get here.
            if hits.len() == limit || !verify || all_seen {
                return Ok(hits);
            }
            pool = pool.saturating_mul(4).min(total);
        }
    }
}

impl Drop for SearchIndex {
    /// Lets go of the columns kept for its segments, which map its files (see
    /// [`columns`]).
    fn drop(&mut self) {
        columns::forget(&segment_ids(&self.reader.searcher()));
    }
}

fn segment_ids(searcher: &tantivy::Searcher) -> Vec<SegmentId> {
    searcher
        .segment_readers()
        .iter()
        .map(|reader| reader.segment_id())
        .collect()
}

/// Merges the segments the writer made into one per core, of about equal size; a small
/// library keeps its few small ones.
///
/// A search runs on every segment in parallel, so it takes as long as its largest segment:
/// the writer's own merge policy leaves one large segment and several small ones, which
/// searches about as slowly as one segment would. A segment for each core halves a query
/// on two cores. Below [`MIN_SEGMENT_DOCS`] sections per segment, the fixed cost of each
/// segment outweighs the gain, so fewer are made.
fn balance_segments(index: &Index, writer: &mut IndexWriter<Queued>) -> IndexResult<()> {
    let mut metas = index.searchable_segment_metas()?;
    let docs: u32 = metas.iter().map(|meta| meta.num_docs()).sum();
    if docs < MIN_SEGMENT_DOCS {
        // A few small segments (one per indexing thread) search as fast as one, and a
        // merge would double the time a small library takes to index.
        return Ok(());
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let wanted = usize::try_from(docs / MIN_SEGMENT_DOCS)
        .unwrap_or(usize::MAX)
        .clamp(1, cores.clamp(1, MAX_SEGMENTS));
    // Largest first, each into the group with the fewest documents so far.
    metas.sort_by_key(|meta| std::cmp::Reverse(meta.num_docs()));
    let mut groups: Vec<(u32, Vec<SegmentId>)> = vec![(0, Vec::new()); wanted];
    for meta in metas {
        if let Some(lightest) = groups.iter_mut().min_by_key(|(docs, _)| *docs) {
            lightest.0 += meta.num_docs();
            lightest.1.push(meta.id());
        }
    }
    // One merge at a time: each holds a large part of the index in memory (at 10,000
    // reports, two at once peaked at 560 MB against 360 MB for one), and the indexing they
    // follow has used every core already.
    for (_, ids) in groups.iter().filter(|(_, ids)| ids.len() > 1) {
        writer.merge(ids).wait()?;
    }
    Ok(())
}

/// Checks the index's files against their checksums. In a folder, the files found sound are
/// recorded with their stamps ([`CHECKED_RECORD`]) and not read again while their stamps
/// stay the same: tantivy writes each segment file once and never changes it, so a check
/// reads what was written since the last one, not the whole index every time.
fn check_damage(index: &Index, dir: Option<&Path>) -> IndexResult<()> {
    let directory = index.directory();
    let managed = directory.list_managed_files();
    let active: BTreeSet<PathBuf> = index
        .load_metas()?
        .list_segment_files()
        .into_iter()
        .filter(|path| managed.contains(path))
        .collect();
    let record = dir.map(|dir| dir.join(CHECKED_RECORD));
    let checked: HashMap<String, Stamp> = record
        .as_deref()
        .and_then(|record| fs::read(record).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let mut sound = HashMap::new();
    let mut damaged = Vec::new();
    for path in active {
        let name = path.to_string_lossy().into_owned();
        let stamp = dir
            .and_then(|dir| fs::symlink_metadata(dir.join(&path)).ok())
            .and_then(|metadata| Stamp::of(&metadata));
        if stamp.is_some() && checked.get(&name) == stamp.as_ref() {
            sound.extend(stamp.map(|stamp| (name, stamp)));
            continue;
        }
        if directory
            .validate_checksum(&path)
            .map_err(tantivy::TantivyError::from)?
        {
            sound.extend(stamp.map(|stamp| (name, stamp)));
        } else {
            damaged.push(name);
        }
    }
    if !damaged.is_empty() {
        damaged.sort();
        return Err(IndexError::DamagedFiles(damaged));
    }
    if let (Some(dir), true) = (dir, sound != checked) {
        let written = serde_json::to_vec(&sound)
            .map_err(std::io::Error::from)
            .and_then(|bytes| storage::replace_cache(dir, CHECKED_RECORD, &bytes));
        if let Err(error) = written {
            log::debug!("could not record the checked index files: {error}");
        }
    }
    Ok(())
}

/// Runs `work`, turning a panic inside tantivy (which some damaged files cause) into an error.
fn guarded<T>(what: &'static str, work: impl FnOnce() -> IndexResult<T>) -> IndexResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(IndexError::Panicked { what, message })
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use tantivy::collector::TopDocs;
    use tantivy::query::Query;

    use super::*;

    fn scores(index: &SearchIndex, query: &dyn Query) -> BTreeMap<(u32, u32), f32> {
        let searcher = index.reader.searcher();
        let all = usize::try_from(searcher.num_docs()).unwrap();
        searcher
            .search(query, &TopDocs::with_limit(all).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(score, address)| ((address.segment_ord, address.doc_id), score))
            .collect()
    }

    // A kept column maps its segment's files, which Windows would then not let the index
    // store delete: an index dropped lets go of its columns.
    #[test]
    fn a_dropped_index_keeps_no_column_of_its_segments() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let library = Library::load(&content).unwrap();
        let index = SearchIndex::build_in_ram(&library).unwrap();
        let searcher = index.reader.searcher();
        let segments = segment_ids(&searcher);
        for reader in searcher.segment_readers() {
            columns::u64_column(reader, "order").unwrap();
        }
        assert!(!index.search("gke", 10).unwrap().is_empty());
        drop(searcher);
        drop(index);
        for segment in segments {
            assert_eq!(columns::kept(segment), 0);
        }
    }

    fn bundled_index() -> &'static SearchIndex {
        static INDEX: std::sync::OnceLock<SearchIndex> = std::sync::OnceLock::new();
        INDEX.get_or_init(|| {
            let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
            SearchIndex::build_in_ram(&Library::load(&content).unwrap()).unwrap()
        })
    }

    /// The best `k` sections for `query`, with their scores.
    fn best(index: &SearchIndex, query: &dyn Query, k: usize) -> Vec<(f32, (u32, u32))> {
        index
            .reader
            .searcher()
            .search(query, &TopDocs::with_limit(k).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(score, address)| (score, (address.segment_ord, address.doc_id)))
            .collect()
    }

    /// Checks that the query of `input`, whose phrases are searched through their bounds,
    /// finds the best sections of the exact query, in its order, with its scores: the bound
    /// only decides where positions are read. Returns how many sections the input finds.
    fn bounded_ranks_as_exact(index: &SearchIndex, input: &str) -> usize {
        let needles = needle::parse(input);
        let (bounded, exact) = (
            query::build(&needles, index.fields()),
            query::exact(&needles, index.fields()),
        );
        let all = best(index, exact.as_ref(), 10_000);
        for k in [1, 2, 3, 5, 10, 50] {
            assert_eq!(
                best(index, bounded.as_ref(), k),
                best(index, exact.as_ref(), k),
                "{input}: best {k}"
            );
        }
        all.len()
    }

    #[test]
    fn a_phrase_searched_through_its_bound_ranks_as_the_exact_query() {
        let index = bundled_index();
        for input in [
            "マイクロサービス",
            "サービスメッシュ",
            "学習コスト",
            "コンテナ開発",
            "開発プラットフォーム",
            "\"Cloud Native\"",
            "\"Cloud NAT\"",
            "CI/CD",
            "CVE-2019-5736",
            "GKE利用",
            "マネージドk8s",
            "マイクロサービス CI/CD",
            "分散 サービスメッシュ",
            "\"Kubernetes Day\"",
            "上での",
            "ネイティブ",
        ] {
            let needles = needle::parse(input);
            assert!(
                needles
                    .iter()
                    .any(|needle| query::is_phrase(needle, index.fields())),
                "{input} has no phrase"
            );
            assert!(
                bounded_ranks_as_exact(index, input) > 0,
                "{input} finds nothing"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        // Any piece of the report's text: most are phrases of grams or words.
        #[test]
        fn any_piece_of_text_ranks_through_its_bound_as_exactly(
            at in 0.0f64..1.0,
            length in 2usize..14,
        ) {
            let index = bundled_index();
            static TEXT: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
            let text = TEXT.get_or_init(|| {
                let report = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../content/_posts/2019-03-27-google-cloud-kubernetes-day.md");
                std::fs::read_to_string(report).unwrap().chars().collect()
            });
            let start = ((text.len() - length) as f64 * at) as usize;
            let input: String = text[start..start + length].iter().collect();
            let needles = needle::parse(&input);
            // Without a phrase the query is not bounded.
            if needles.iter().any(|needle| query::is_phrase(needle, index.fields())) {
                bounded_ranks_as_exact(index, &input);
            }
        }
    }

    // The one-pass word query replaces the composed one for speed only: it must find the
    // same sections and give each the same score.
    #[test]
    fn a_word_query_scores_as_the_composed_query_does() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let library = Library::load(&content).unwrap();
        let index = SearchIndex::build_in_ram(&library).unwrap();
        for input in [
            "nat",
            "gke",
            "g",
            "driver",
            "k8s",
            "e",
            "cloud",
            "kubernetes",
            "障害",
            "サービス",
            "コンテナ",
            "運用",
            "する",
            "障",
            "の",
            "ー",
            "ス",
            // Whole headings of the report: their key term adds to the score.
            "security",
            "network",
            "効果",
        ] {
            let needle = &needle::parse(input)[0];
            let word = query::word_query(needle, index.fields()).unwrap();
            let composed = query::composed_query(
                needle,
                index.fields(),
                query::Visit::Walked,
                query::Phrases::Checked,
            );
            let (fast, slow) = (scores(&index, &word), scores(&index, composed.as_ref()));
            assert!(!slow.is_empty(), "{input} finds nothing");
            assert_eq!(
                fast.keys().collect::<Vec<_>>(),
                slow.keys().collect::<Vec<_>>(),
                "{input}"
            );
            for (doc, score) in &slow {
                assert!((fast[doc] - score).abs() < 1e-4, "{input} {doc:?}");
            }
            // The word query skips what cannot make the best `k`: the best must not change.
            // Sections that tie (scores equal but for float rounding, summed in another
            // order) may come in either order, so the scores are compared, and each section
            // the word query keeps must score as the composed query's `k`th or better.
            let searcher = index.reader.searcher();
            for k in [1, 3, 5, 10] {
                let best = |query: &dyn Query| -> Vec<(f32, (u32, u32))> {
                    searcher
                        .search(query, &TopDocs::with_limit(k).order_by_score())
                        .unwrap()
                        .into_iter()
                        .map(|(score, address)| (score, (address.segment_ord, address.doc_id)))
                        .collect()
                };
                let (fast_best, slow_best) = (best(&word), best(composed.as_ref()));
                assert_eq!(fast_best.len(), slow_best.len(), "{input} best {k}");
                for (fast_hit, slow_hit) in fast_best.iter().zip(&slow_best) {
                    assert!(
                        (fast_hit.0 - slow_hit.0).abs() < 1e-4,
                        "{input} best {k}: {fast_best:?} against {slow_best:?}"
                    );
                }
                let last = slow_best.last().map_or(0.0, |hit| hit.0);
                for (_, doc) in &fast_best {
                    assert!(slow[doc] >= last - 1e-4, "{input} best {k}: {doc:?}");
                }
            }
        }
    }
}
