//! An in-memory cache of anonymous GET responses, keyed by language and path, valid
//! while the register's version (the audit head, shared by all nodes through the
//! database) stays the same. Each node looks the version up at most every 250 ms, so a
//! change shows on every node within that time; signed-in users are never served from
//! the cache.
//!
//! Beside it, each region's register as read models need it, and each region's picture
//! (its figures, and its charts and tables in each language once drawn), kept while the
//! version stays the same, so a page that misses the page cache costs one version
//! look-up, not a reload or a redraw.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use foorumi_core::picture::PictureData;
use foorumi_core::{Id, Lang};
use foorumi_store::views::{self, RegionRegister};

use crate::AppState;
use crate::auth::Viewer;
use crate::html::picture::{ChartView, chart_views};

const REFRESH: Duration = Duration::from_millis(250);
const MAX_ENTRIES: usize = 20_000;
const MAX_BODY: usize = 4 * 1024 * 1024;

pub struct PageCache {
    entries: RwLock<HashMap<String, Cached>>,
    version: AtomicI64,
    /// Milliseconds since `started` at the last version look-up.
    checked_at: AtomicU64,
    started: Instant,
}

#[derive(Clone)]
struct Cached {
    version: i64,
    headers: HeaderMap,
    body: Bytes,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache {
            entries: RwLock::new(HashMap::new()),
            version: AtomicI64::new(-1),
            checked_at: AtomicU64::new(0),
            started: Instant::now(),
        }
    }
}

impl PageCache {
    async fn current_version(&self, state: &AppState) -> i64 {
        let now = self.started.elapsed().as_millis() as u64;
        let last = self.checked_at.load(Ordering::Relaxed);
        let stale = self.version.load(Ordering::Relaxed) < 0 || now.saturating_sub(last) >= REFRESH.as_millis() as u64;
        // One request refreshes; the others keep using the number they have.
        if stale && self.checked_at.compare_exchange(last, now.max(1), Ordering::AcqRel, Ordering::Relaxed).is_ok() {
            match state.store.register_version().await {
                Ok(version) => self.version.store(version, Ordering::Release),
                Err(err) => {
                    tracing::error!(%err, "register version look-up failed");
                    self.version.store(-1, Ordering::Release);
                }
            }
        }
        self.version.load(Ordering::Acquire)
    }
}

pub async fn serve_cached(State(state): State<AppState>, viewer: Viewer, request: Request, next: Next) -> Response {
    let cacheable = state.config.page_cache
        && request.method() == Method::GET
        && viewer.session.is_none()
        && !request.headers().contains_key(header::AUTHORIZATION)
        && !has_session_cookie(request.headers());
    if !cacheable {
        return next.run(request).await;
    }
    let version = state.cache.current_version(&state).await;
    if version < 0 {
        return next.run(request).await;
    }
    let key = format!("{}|{}", viewer.lang, viewer.path);
    if let Some(hit) = state.cache.entries.read().expect("cache lock").get(&key).filter(|c| c.version == version).cloned() {
        let mut response = Body::from(hit.body).into_response();
        *response.headers_mut() = hit.headers;
        return response;
    }
    let response = next.run(request).await;
    let private = response.headers().get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("no-store"));
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) || private {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    {
        let mut entries = state.cache.entries.write().expect("cache lock");
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, Cached { version, headers: parts.headers.clone(), body: bytes.clone() });
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn has_session_cookie(headers: &HeaderMap) -> bool {
    crate::auth::cookie(headers, crate::auth::SESSION_COOKIE).is_some()
}

/// Each region's register and picture figures, with the register version they were read at.
#[derive(Default)]
pub struct RegisterCache {
    registers: RwLock<HashMap<Id, (i64, Arc<RegionRegister>)>>,
    pictures: RwLock<HashMap<Id, (i64, Arc<Picture>)>>,
}

/// A region's picture figures and their charts with tables, drawn once per language
/// when first asked for: they depend on nothing else, and drawing a hundred of them is
/// most of the picture page's time (docs/performance.md).
pub struct Picture {
    pub data: PictureData,
    charts: [OnceLock<Arc<Vec<ChartView>>>; 3],
}

impl Picture {
    pub fn charts(&self, lang: Lang) -> Arc<Vec<ChartView>> {
        self.charts[lang as usize].get_or_init(|| Arc::new(chart_views(lang, &self.data, ""))).clone()
    }
}

impl AppState {
    /// A region's whole register, current as of this request: the version is read first,
    /// so a register cached under it is never older than the database at that moment.
    pub async fn register(&self, region_id: Id) -> Result<Arc<RegionRegister>, foorumi_store::Error> {
        let version = self.store.register_version().await?;
        if let Some((_, register)) = self.registers.registers.read().expect("cache lock").get(&region_id).filter(|(v, _)| *v == version) {
            return Ok(register.clone());
        }
        let register = Arc::new(views::register(&self.store, region_id).await?);
        self.registers.registers.write().expect("cache lock").insert(region_id, (version, register.clone()));
        Ok(register)
    }

    /// A region's situational picture, current as of this request: from memory while the
    /// version stays the same, else from the store's cache (the figures as JSON, shared by
    /// all nodes) or computed there.
    pub async fn picture(&self, region_id: Id) -> Result<Arc<Picture>, foorumi_store::Error> {
        let version = self.store.register_version().await?;
        if let Some((_, picture)) = self.registers.pictures.read().expect("cache lock").get(&region_id).filter(|(v, _)| *v == version) {
            return Ok(picture.clone());
        }
        let data = foorumi_store::picture::cached_region_picture(&self.store, region_id).await?;
        let picture = Arc::new(Picture { data, charts: Default::default() });
        self.registers.pictures.write().expect("cache lock").insert(region_id, (version, picture.clone()));
        Ok(picture)
    }
}
