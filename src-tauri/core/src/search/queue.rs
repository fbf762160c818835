//! Reports on their way to the index writer, a bounded number at a time.
//!
//! A report's sections go to tantivy as one batch, so they stay together in one segment
//! (see [`super::spread`]). tantivy's queue to its indexing threads is bounded in batches,
//! not in documents: ten thousand of them, which is a whole library of reports of ninety
//! sections each. Reading reports is faster than indexing them, so the whole library
//! waited in that queue, 1.2 GB at 10,000 reports. Here each batch carries a ticket in its
//! last document, given back when an indexing thread takes that document, and a new
//! report waits while [`MAX_QUEUED`] are queued.

use std::sync::{Arc, Condvar, Mutex};

use tantivy::indexer::UserOperation;
use tantivy::schema::document::Document;
use tantivy::{IndexWriter, TantivyDocument};

/// Reports queued for the indexing threads at most: enough that neither thread waits.
const MAX_QUEUED: usize = 32;

/// A document on its way to the writer, with the ticket of its report if it is its last.
pub struct Queued {
    document: TantivyDocument,
    ticket: Option<Ticket>,
}

impl Queued {
    pub fn new(document: TantivyDocument) -> Self {
        Queued {
            document,
            ticket: None,
        }
    }
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.document.iter_fields_and_values()
    }

    /// The indexing thread takes the document here: the ticket goes back.
    fn into_tantivy_document(self) -> TantivyDocument {
        self.document
    }
}

/// Sends reports to `writer`, each as one batch, a bounded number at a time.
pub fn send(
    writer: &IndexWriter<Queued>,
    tickets: &Arc<Tickets>,
    documents: Vec<TantivyDocument>,
) -> tantivy::Result<()> {
    let mut batch: Vec<Queued> = documents.into_iter().map(Queued::new).collect();
    tickets.enqueue(&mut batch);
    writer.run(batch.into_iter().map(UserOperation::Add))?;
    Ok(())
}

/// How many reports are queued, and a wait for fewer.
#[derive(Default)]
pub struct Tickets {
    queued: Mutex<usize>,
    returned: Condvar,
}

impl Tickets {
    pub fn new() -> Arc<Tickets> {
        Arc::default()
    }

    /// Waits until fewer than [`MAX_QUEUED`] reports are queued, and puts a ticket for one
    /// more in the last of `batch`.
    pub fn enqueue(self: &Arc<Self>, batch: &mut [Queued]) {
        let Some(last) = batch.last_mut() else {
            return;
        };
        // A poisoned lock only means a thread panicked while counting: the count is sound.
        let mut queued = self.queued.lock().unwrap_or_else(|e| e.into_inner());
        while *queued >= MAX_QUEUED {
            queued = self
                .returned
                .wait(queued)
                .unwrap_or_else(|e| e.into_inner());
        }
        *queued += 1;
        last.ticket = Some(Ticket(Arc::clone(self)));
    }
}

/// One queued report; given back when dropped.
struct Ticket(Arc<Tickets>);

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut queued = self.0.queued.lock().unwrap_or_else(|e| e.into_inner());
        *queued = queued.saturating_sub(1);
        self.0.returned.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tantivy::schema::Field;

    use super::*;

    fn batch(size: usize) -> Vec<Queued> {
        (0..size)
            .map(|i| {
                let mut document = TantivyDocument::new();
                document.add_u64(Field::from_field_id(0), i as u64);
                Queued::new(document)
            })
            .collect()
    }

    #[test]
    fn a_report_waits_until_one_queued_before_it_is_taken() {
        let tickets = Tickets::new();
        let mut queued: Vec<Vec<Queued>> = Vec::new();
        for _ in 0..MAX_QUEUED {
            let mut report = batch(3);
            tickets.enqueue(&mut report);
            queued.push(report);
        }
        let waiting = {
            let tickets = Arc::clone(&tickets);
            std::thread::spawn(move || {
                let mut report = batch(2);
                tickets.enqueue(&mut report);
                report
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(!waiting.is_finished(), "the queue is full");
        // An indexing thread takes the first report's documents, the last one with them.
        let taken: Vec<TantivyDocument> = queued
            .remove(0)
            .into_iter()
            .map(Queued::into_tantivy_document)
            .collect();
        assert_eq!(taken.len(), 3);
        let report = waiting.join().unwrap();
        assert!(report[1].ticket.is_some() && report[0].ticket.is_none());
        assert_eq!(*tickets.queued.lock().unwrap(), MAX_QUEUED);
    }
}
