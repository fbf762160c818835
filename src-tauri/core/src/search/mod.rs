//! Search.
pub mod tokenizer;
