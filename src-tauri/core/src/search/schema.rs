//! The index schema: one document per section of a report.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use tantivy::IndexSettings;

use super::ranking::{BODY_WEIGHT, HEADING_WEIGHT, SESSION_TITLE_WEIGHT};
use super::tokenizer::TOKENIZER_NAME;

/// Bump when the schema, the tokenizer or the document layout changes: indexes built by an
/// older version are then rebuilt instead of read wrongly. (12: stored sections in blocks
/// of [`STORE_BLOCK_BYTES`].)
pub const SCHEMA_VERSION: u32 = 12;

/// Bytes of stored sections compressed together. A hit reads its section from the store,
/// and so decompresses its whole block: with tantivy's 16 KiB blocks, reading the fifty
/// sections of a result list was a tenth of a search at 10,000 reports. Blocks of 4 KiB
/// cost a quarter of that, for a store a quarter larger.
pub const STORE_BLOCK_BYTES: usize = 4096;

/// How an index is laid out on disk.
pub fn settings() -> IndexSettings {
    IndexSettings {
        docstore_blocksize: STORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

/// The fast field of a title document: how many sections, itself the first, its title is
/// the title of (see [`super::spread`]); 0 in the others.
pub const TITLE_SPAN: &str = "title_span";
/// The field of [`TITLE_DOC_MARK`].
pub const TITLE_DOC: &str = "title_doc";
/// The term every title document holds in `title_doc`, so titles can be counted.
pub const TITLE_DOC_MARK: &str = "t";

/// Handles to the fields of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub report_id: Field,
    /// Stored for display; not searched here, or a word of the report title would match
    /// every section of the report. An overview's `title` holds it instead.
    pub report_title: Field,
    pub report_date: Field,
    pub category: Field,
    pub session_id: Field,
    /// Stored in every section of a session, for display and for the check of matches; an
    /// overview's first section holds its report's title here.
    pub session_title: Field,
    /// The searched title: a session's, in its first section only, or a report's, in its
    /// overview's first section (see [`super::spread`]).
    pub title: Field,
    /// How many sections the title of a title document stands for ([`TITLE_SPAN`]).
    pub title_span: Field,
    /// [`TITLE_DOC_MARK`] in title documents.
    pub title_doc: Field,
    pub heading: Field,
    pub anchor: Field,
    pub body: Field,
    /// The folded whole session title and heading, so a query that is exactly a title or a
    /// heading can rank first.
    pub title_key: Field,
    pub heading_key: Field,
    /// Keeps ties in a fixed order: a number for the report (from its id) in the high half,
    /// the section's position in the report in the low half, so ties within a report come in
    /// reading order, and an index updated report by report orders them as a full build does.
    pub order: Field,
    /// A number for the section's session (from its id; [`NO_SESSION`] for an overview), a
    /// fast field so results can be ranked by session without loading stored documents.
    pub session_ord: Field,
}

/// `session_ord` of sections that belong to no session.
pub const NO_SESSION: u64 = u64::MAX;

/// A searched text field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Searched {
    pub field: Field,
    /// What a match in it weighs.
    pub weight: f32,
    /// Whether a match in it stands for every section of a session (see
    /// [`super::spread`]).
    pub spreads: bool,
}

impl Fields {
    /// The searched text fields, with the weight a match in each carries.
    pub fn searched(&self) -> [Searched; 3] {
        let searched = |field, weight, spreads| Searched {
            field,
            weight,
            spreads,
        };
        [
            searched(self.title, SESSION_TITLE_WEIGHT, true),
            searched(self.heading, HEADING_WEIGHT, false),
            searched(self.body, BODY_WEIGHT, false),
        ]
    }
}

/// Builds the schema and its field handles.
pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexed = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let searched = TextOptions::default()
        .set_stored()
        .set_indexing_options(indexed.clone());
    let fields = Fields {
        report_id: builder.add_text_field("report_id", STRING | STORED),
        report_title: builder.add_text_field("report_title", STORED),
        report_date: builder.add_text_field("report_date", STORED),
        category: builder.add_text_field("category", STRING | STORED),
        session_id: builder.add_text_field("session_id", STRING | STORED),
        session_title: builder.add_text_field("session_title", STORED),
        // Not stored: `session_title` holds it for every section.
        title: builder.add_text_field(
            "title",
            TextOptions::default().set_indexing_options(indexed),
        ),
        title_span: builder.add_u64_field(TITLE_SPAN, FAST),
        title_doc: builder.add_text_field(TITLE_DOC, STRING),
        heading: builder.add_text_field("heading", searched.clone()),
        anchor: builder.add_text_field("anchor", STORED),
        body: builder.add_text_field("body", searched),
        title_key: builder.add_text_field("title_key", STRING),
        heading_key: builder.add_text_field("heading_key", STRING),
        order: builder.add_u64_field("order", FAST),
        session_ord: builder.add_u64_field("session_ord", FAST),
    };
    (builder.build(), fields)
}

/// Fields of an opened index, looked up by name so an index from disk is read with the
/// handles it was built with.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let get = |name: &str| schema.get_field(name);
    Ok(Fields {
        report_id: get("report_id")?,
        report_title: get("report_title")?,
        report_date: get("report_date")?,
        category: get("category")?,
        session_id: get("session_id")?,
        session_title: get("session_title")?,
        title: get("title")?,
        title_span: get(TITLE_SPAN)?,
        title_doc: get(TITLE_DOC)?,
        heading: get("heading")?,
        anchor: get("anchor")?,
        body: get("body")?,
        title_key: get("title_key")?,
        heading_key: get("heading_key")?,
        order: get("order")?,
        session_ord: get("session_ord")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::digest::Digest;
    use crate::search::tokenizer::tokens;

    /// What an index built today holds for a fixed text: the schema's fields and options and
    /// every token the tokenizer makes (text, position, offsets).
    fn format_digest() -> u64 {
        let (schema, _) = schema();
        let mut digest = Digest::new().field(
            serde_json::to_string(&schema)
                .expect("the schema serializes")
                .as_bytes(),
        );
        let sample = "Cloud Nativeの難しさ: ｋ８ｓ／ＧＫＥ上でCVE-2019-5736 ｻｰﾋﾞｽ㍿ Straße \
                      Stackdriverandaverylongidentifierthatgoesbeyondfortycharacters 障 ー";
        for token in tokens(sample) {
            digest = digest
                .field(token.text.as_bytes())
                .field(&(token.position as u64).to_le_bytes())
                .field(&(token.offset_from as u64).to_le_bytes())
                .field(&(token.offset_to as u64).to_le_bytes());
        }
        digest.finish()
    }

    // An index on disk is found by a key that knows SCHEMA_VERSION and nothing else of the
    // format: a change to the schema or the tokenizer without a bump would leave readers on
    // indexes built the old way. When this fails, bump SCHEMA_VERSION and
    // put the new digest here together with it.
    #[test]
    fn schema_version_is_bumped_with_the_index_format() {
        assert_eq!(
            (SCHEMA_VERSION, format!("{:016x}", format_digest())),
            (12, "42a29b5ac0a70ae0".to_owned())
        );
    }
}
