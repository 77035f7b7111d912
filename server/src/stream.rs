//! `POST /v1/assess` with an NDJSON body: the request body is split into lines and judged in
//! chunks by the core's JSON Lines engine ([`hengjie::lines`], the CLI's: the BOM, blank lines,
//! line numbers, lines not UTF-8 or too large answered in place), the answers sent in input
//! order as each chunk is done, and at once whenever the client pauses (as the CLI's `--flush`).
//! Memory is bounded whatever the stream's length: at most [`CHUNKS_AHEAD`] chunks are in
//! flight, a line over the 1 MiB limit becomes its `too_large` record as soon as it ends, and a
//! line is kept only up to [`hengjie::lines::KEEP_BYTES`].

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use futures_util::{FutureExt, StreamExt};
use hengjie::canonical_json;
use hengjie::lines::{Job, LINES_PER_CHUNK, Line, Splitter};
use hengjie::validate::MAX_DOCUMENT_BYTES;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::State;
use crate::error::HttpError;

/// Chunks judged or queued at once, per stream.
pub const CHUNKS_AHEAD: usize = 4;

/// The answer stream of an NDJSON request.
pub fn answer(state: Arc<State>, job: Job<'static>, body: Body) -> Body {
    let (tx, rx) = mpsc::channel::<JoinHandle<Bytes>>(CHUNKS_AHEAD);
    let idle = state.config.idle_timeout;
    tokio::spawn(read(state, job, body, tx, idle));
    let out = futures_util::stream::unfold(rx, |mut rx| async move {
        let handle = rx.recv().await?;
        let bytes = handle.await.unwrap_or_else(|_| {
            // A panic while judging a chunk: say so in place and end the stream.
            Bytes::from(format!("{}\n", canonical_json(&internal_line())))
        });
        Some((Ok::<Bytes, std::convert::Infallible>(bytes), rx))
    });
    Body::from_stream(out)
}

#[derive(serde::Serialize)]
struct ErrorLine {
    errors: [HttpError; 1],
}

fn internal_line() -> ErrorLine {
    ErrorLine {
        errors: [HttpError::new(
            "internal",
            "an internal error occurred while judging these lines",
            "处理这些行时发生内部错误",
        )],
    }
}

fn timeout_line(idle: Duration) -> ErrorLine {
    let s = idle.as_secs_f64();
    ErrorLine {
        errors: [HttpError::new(
            "timeout",
            format!("no data arrived for {s} s; the stream was ended here"),
            format!("{s} 秒内未收到数据,数据流在此结束"),
        )],
    }
}

/// Reads the body into lines and chunks, and queues each chunk's judging.
async fn read(
    state: Arc<State>,
    job: Job<'static>,
    body: Body,
    tx: mpsc::Sender<JoinHandle<Bytes>>,
    idle: Duration,
) {
    let mut frames = body.into_data_stream();
    let mut split = Splitter::new();
    let mut chunk: Vec<Queued> = Vec::with_capacity(LINES_PER_CHUNK);
    loop {
        // Data already here is batched; before waiting for more, the lines so far are sent.
        let next = match frames.next().now_or_never() {
            Some(next) => next,
            None => {
                if !chunk.is_empty() {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(LINES_PER_CHUNK));
                    if !dispatch(&state, &job, full, &tx).await {
                        return;
                    }
                }
                match tokio::time::timeout(idle, frames.next()).await {
                    Ok(next) => next,
                    Err(_) => {
                        let line = format!("{}\n", canonical_json(&timeout_line(idle)));
                        let _ = tx
                            .send(tokio::spawn(async move { Bytes::from(line) }))
                            .await;
                        return;
                    }
                }
            }
        };
        let data = match next {
            Some(Ok(data)) => data,
            // The client went away: nothing more to answer.
            Some(Err(_)) => return,
            None => break,
        };
        let mut rest: &[u8] = &data;
        while !rest.is_empty() {
            let (used, line) = split.push(rest);
            rest = rest.get(used..).unwrap_or_default();
            if let Some(line) = line {
                chunk.push(small(&job, line));
            }
            if chunk.len() >= LINES_PER_CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(LINES_PER_CHUNK));
                if !dispatch(&state, &job, full, &tx).await {
                    return;
                }
            }
        }
    }
    if let Some(line) = split.finish() {
        chunk.push(small(&job, line));
    }
    if !chunk.is_empty() {
        dispatch(&state, &job, chunk, &tx).await;
    }
}

/// A line over the document limit is judged (`too_large`, its id read) as soon as it ends,
/// so that a chunk never holds more than 1 MiB a line.
enum Queued {
    Line(Line),
    Done(String),
}

fn small(job: &Job<'static>, line: Line) -> Queued {
    if line.len > MAX_DOCUMENT_BYTES {
        Queued::Done(canonical_json(&job.run_line(&line)))
    } else {
        Queued::Line(line)
    }
}

/// Queues one chunk's judging on the blocking pool; `false` when the answer is no longer read.
async fn dispatch(
    state: &Arc<State>,
    job: &Job<'static>,
    chunk: Vec<Queued>,
    tx: &mpsc::Sender<JoinHandle<Bytes>>,
) -> bool {
    let job = job.clone();
    let state = Arc::clone(state);
    let handle = tokio::task::spawn_blocking(move || judge(&state, &job, chunk));
    tx.send(handle).await.is_ok()
}

fn judge(state: &State, job: &Job<'static>, chunk: Vec<Queued>) -> Bytes {
    let n = chunk.len();
    let mut lines = Vec::with_capacity(n);
    let mut done = Vec::new();
    for (i, q) in chunk.into_iter().enumerate() {
        match q {
            Queued::Line(line) => lines.push(line),
            Queued::Done(text) => done.push((i, text)),
        }
    }
    let mut judged = job.judge(&lines, true).into_iter().map(|(_, text)| text);
    let mut done = done.into_iter().peekable();
    let mut out = Vec::with_capacity(n * 2048);
    for i in 0..n {
        let text = match done.next_if(|(at, _)| *at == i) {
            Some((_, text)) => Some(text),
            None => judged.next().flatten(),
        };
        out.extend_from_slice(text.unwrap_or_default().as_bytes());
        out.push(b'\n');
    }
    state
        .metrics
        .households
        .fetch_add(u64::try_from(n).unwrap_or(u64::MAX), Ordering::Relaxed);
    Bytes::from(out)
}
