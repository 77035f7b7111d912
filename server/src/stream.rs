//! `POST /v1/assess` with an NDJSON body: the request body is read line by line and judged in
//! chunks by the core's JSON Lines engine ([`hengjie::lines::Job::judge`], the CLI's), the
//! answers sent in input order as each chunk is done. Memory is bounded whatever the stream's
//! length: at most [`CHUNKS_AHEAD`] chunks are in flight, and a line is kept only up to the
//! 1 MiB document limit (a longer one is counted, not kept, and answered `too_large` in place).

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::body::Body;
use bytes::{Bytes, BytesMut};
use futures_util::{FutureExt, StreamExt};
use hengjie::lines::{Job, LINES_PER_CHUNK, Outcome};
use hengjie::validate::{MAX_DOCUMENT_BYTES, parse_json_bytes, too_large};
use hengjie::{Errors, canonical_json};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::State;
use crate::error::HttpError;

/// Chunks judged or queued at once, per stream.
pub const CHUNKS_AHEAD: usize = 4;

/// One input line: text to judge, or a failure known before judging.
enum Line {
    Text(String),
    Failed(Errors),
}

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
    let mut partial = BytesMut::new();
    // Bytes of the current line when it is over the limit (then `partial` is not kept).
    let mut oversize: Option<usize> = None;
    let mut chunk: Vec<Line> = Vec::with_capacity(LINES_PER_CHUNK);
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
            let (piece, ended) = match rest.iter().position(|b| *b == b'\n') {
                Some(i) => (rest.get(..i).unwrap_or_default(), true),
                None => (rest, false),
            };
            rest = rest
                .get(piece.len() + usize::from(ended)..)
                .unwrap_or_default();
            match &mut oversize {
                Some(n) => *n += piece.len(),
                None if partial.len() + piece.len() > MAX_DOCUMENT_BYTES + 1 => {
                    // +1: a `\r` before the `\n` is not part of the document.
                    oversize = Some(partial.len() + piece.len());
                    partial = BytesMut::new();
                }
                None => partial.extend_from_slice(piece),
            }
            if ended {
                if let Some(line) = finish(&mut partial, &mut oversize) {
                    chunk.push(line);
                }
                if chunk.len() >= LINES_PER_CHUNK {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(LINES_PER_CHUNK));
                    if !dispatch(&state, &job, full, &tx).await {
                        return;
                    }
                }
            }
        }
    }
    if let Some(line) = finish(&mut partial, &mut oversize) {
        chunk.push(line);
    }
    if !chunk.is_empty() {
        dispatch(&state, &job, chunk, &tx).await;
    }
}

/// The line just ended: blank lines are skipped (as the CLI skips them), a trailing `\r` is
/// dropped, text that is not UTF-8 is `malformed_json`, a line over the limit `too_large`.
fn finish(partial: &mut BytesMut, oversize: &mut Option<usize>) -> Option<Line> {
    if let Some(n) = oversize.take() {
        return Some(Line::Failed(Errors::one(too_large(n))));
    }
    let mut bytes = std::mem::take(partial);
    if bytes.last() == Some(&b'\r') {
        bytes.truncate(bytes.len() - 1);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(match String::from_utf8(bytes.to_vec()) {
        Ok(text) => Line::Text(text),
        Err(_) => Line::Failed(parse_json_bytes(&bytes).err().unwrap_or_default()),
    })
}

/// Queues one chunk's judging on the blocking pool; `false` when the answer is no longer read.
async fn dispatch(
    state: &Arc<State>,
    job: &Job<'static>,
    chunk: Vec<Line>,
    tx: &mpsc::Sender<JoinHandle<Bytes>>,
) -> bool {
    let job = job.clone();
    let state = Arc::clone(state);
    let handle = tokio::task::spawn_blocking(move || judge(&state, &job, chunk));
    tx.send(handle).await.is_ok()
}

fn judge(state: &State, job: &Job<'static>, chunk: Vec<Line>) -> Bytes {
    let n = chunk.len();
    let texts: Vec<&str> = chunk
        .iter()
        .filter_map(|l| match l {
            Line::Text(t) => Some(t.as_str()),
            Line::Failed(_) => None,
        })
        .collect();
    let mut judged = job.judge(&texts, true).into_iter();
    let mut out = Vec::with_capacity(n * 2048);
    for line in &chunk {
        let text = match line {
            Line::Text(_) => judged.next().and_then(|(_, text)| text),
            Line::Failed(errors) => Some(canonical_json(&Outcome::Failed {
                key: job.id_key(),
                id: None,
                errors: errors.clone(),
            })),
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
