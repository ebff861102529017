//! Live minutes: each meeting whose record is being written has a broadcast channel;
//! every saved item record is sent, rendered once per language, to everyone following
//! the meeting's page (server-sent events). Followers who fall behind skip to the latest.
//!
//! The channels live in this process: with several nodes behind a balancer, the
//! followers of a meeting must reach the node its secretary writes on (sticky sessions).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use foorumi_core::{Id, Lang};
use serde::Serialize;
use tokio::sync::broadcast;

/// How many updates a slow follower may be behind before it skips ahead.
const BACKLOG: usize = 64;

/// One item's record as followers see it, in each language.
#[derive(Debug, Clone, Serialize)]
pub struct RecordUpdate {
    pub item: Id,
    pub version: i64,
    /// People disqualified in a non-public item, who do not receive it (R2.6).
    pub withheld_from: Vec<Id>,
    /// The announcement for screen readers: "12 § päivitettiin".
    pub fi: (String, String),
    pub sv: (String, String),
    pub en: (String, String),
}

impl RecordUpdate {
    /// (announcement, HTML) in `lang`.
    pub fn in_lang(&self, lang: Lang) -> &(String, String) {
        match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }
}

#[derive(Default)]
pub struct LiveMinutes {
    channels: Mutex<HashMap<Id, broadcast::Sender<Arc<RecordUpdate>>>>,
}

impl LiveMinutes {
    pub fn follow(&self, meeting_id: Id) -> broadcast::Receiver<Arc<RecordUpdate>> {
        let mut channels = self.channels.lock().expect("live lock");
        // Channels nobody follows any more are dropped as new ones are made.
        channels.retain(|_, sender| sender.receiver_count() > 0);
        channels.entry(meeting_id).or_insert_with(|| broadcast::channel(BACKLOG).0).subscribe()
    }

    pub fn send(&self, meeting_id: Id, update: RecordUpdate) {
        if let Some(sender) = self.channels.lock().expect("live lock").get(&meeting_id) {
            // No follower is not an error.
            let _ = sender.send(Arc::new(update));
        }
    }
}
