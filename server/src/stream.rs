//! `POST /v1/assess` with an NDJSON body: the request body is split into lines and judged in
//! chunks by the core's JSON Lines engine ([`hengjie::lines`], the CLI's: the BOM, blank lines,
//! line numbers, lines not UTF-8 or too large answered in place), the answers sent in input
//! order as each chunk is done, and at once whenever the client pauses (as the CLI's `--flush`).
//! Memory is bounded whatever the stream's length: at most [`CHUNKS_AHEAD`] chunks are in
//! flight, a chunk holds at most [`CHUNK_BYTES`] of lines (or 256 lines), a line over the 1 MiB
//! limit becomes its `too_large` record as soon as it ends, and a line is kept only up to
//! [`hengjie::lines::KEEP_BYTES`].
//!
//! A part-filled chunk is sent for judging when the body has nothing more for now and no other
//! chunk is being judged; while one is, lines keep gathering (up to a full chunk) until it is
//! done. A client that pauses still gets its answers at once, and a client that sends faster
//! than the service judges gets full chunks, not many small ones (docs/performance.md, "HTTP
//! service": small chunks left a core idle and cost the stream half its speed).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use futures_util::{FutureExt, StreamExt};
use hengjie::canonical_json;
use hengjie::lines::{Job, LINES_PER_CHUNK, Queued, Splitter};
use tokio::sync::{Notify, mpsc};
use tokio::task::JoinHandle;

use crate::State;
use crate::error::HttpError;

/// Chunks judged or queued at once, per stream. Sixteen, not four: while the client is slow to
/// read (the answer is about eleven times the input), the cores go on judging the chunks after
/// (docs/performance.md, "The stream's idle cores").
pub const CHUNKS_AHEAD: usize = 16;

/// A chunk is sent for judging at 256 lines or at this many bytes of lines, whichever comes
/// first: a stream of large households holds at most about [`CHUNKS_AHEAD`] times this.
pub const CHUNK_BYTES: usize = 4 << 20;

/// The answer stream of an NDJSON request. When the client asked to be told to go on
/// (`Expect: 100-continue`, as curl does for a body over 1 MiB), the body is read before the
/// answer's head is sent: reading it is what sends `100 Continue`, which cannot come after the
/// head, and without it curl waits a second before it sends the body (docs/performance.md,
/// "HTTP service").
pub async fn answer(
    state: Arc<State>,
    job: Job<'static>,
    body: Body,
    expects_continue: bool,
) -> Body {
    let (tx, rx) = mpsc::channel::<JoinHandle<Vec<Bytes>>>(CHUNKS_AHEAD);
    let idle = state.config.idle_timeout;
    let mut frames = body.into_data_stream();
    let first = if expects_continue {
        // Nothing within the idle time: the stream's own timeout line answers it.
        tokio::time::timeout(idle, frames.next()).await.ok()
    } else {
        None
    };
    let frames = futures_util::stream::iter(first.into_iter().flatten()).chain(frames);
    tokio::spawn(read(state, job, frames, tx, idle));
    let out = futures_util::stream::unfold(rx, |mut rx| async move {
        let handle = rx.recv().await?;
        let frames = handle.await.unwrap_or_else(|_| {
            // A panic while judging a chunk: say so in place of its lines.
            vec![Bytes::from(format!(
                "{}\n",
                canonical_json(&internal_line())
            ))]
        });
        Some((frames, rx))
    })
    .flat_map(|frames| {
        futures_util::stream::iter(
            frames
                .into_iter()
                .map(Ok::<Bytes, std::convert::Infallible>),
        )
    });
    Body::from_stream(out)
}

/// The chunks of one stream being judged, and a signal each time one is done.
#[derive(Debug, Default)]
struct Busy {
    judging: AtomicUsize,
    done: Notify,
}

/// Counts one chunk as being judged until it is dropped (also when judging panics).
struct Judging(Arc<Busy>);

impl Judging {
    fn start(busy: &Arc<Busy>) -> Judging {
        busy.judging.fetch_add(1, Ordering::AcqRel);
        Judging(Arc::clone(busy))
    }
}

impl Drop for Judging {
    fn drop(&mut self) {
        self.0.judging.fetch_sub(1, Ordering::AcqRel);
        self.0.done.notify_one();
    }
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
async fn read<F, E>(
    state: Arc<State>,
    job: Job<'static>,
    mut frames: F,
    tx: mpsc::Sender<JoinHandle<Vec<Bytes>>>,
    idle: Duration,
) where
    F: futures_util::Stream<Item = Result<Bytes, E>> + Unpin,
{
    let mut split = Splitter::new();
    let mut chunk: Vec<Queued> = Vec::with_capacity(LINES_PER_CHUNK);
    // The bytes of the lines in `chunk` (up to [`CHUNK_BYTES`]).
    let mut chunk_bytes = 0;
    let busy = Arc::new(Busy::default());
    loop {
        // Data already here is batched. Before waiting for more, the lines so far are sent,
        // once no other chunk is being judged (until then they gather: see the module's note).
        let next = match frames.next().now_or_never() {
            Some(next) => next,
            None => {
                let deadline = tokio::time::Instant::now() + idle;
                loop {
                    if !chunk.is_empty() && busy.judging.load(Ordering::Acquire) == 0 {
                        chunk_bytes = 0;
                        let part =
                            std::mem::replace(&mut chunk, Vec::with_capacity(LINES_PER_CHUNK));
                        if !dispatch(&state, &job, part, &tx, &busy).await {
                            return;
                        }
                    }
                    let gathering = !chunk.is_empty();
                    let timed_out = tokio::select! {
                        biased;
                        next = frames.next() => break next,
                        () = busy.done.notified(), if gathering => false,
                        () = tokio::time::sleep_until(deadline) => true,
                    };
                    if timed_out {
                        // The lines gathered are answered, then the timeout line ends the stream.
                        if !chunk.is_empty()
                            && !dispatch(&state, &job, std::mem::take(&mut chunk), &tx, &busy).await
                        {
                            return;
                        }
                        let line = format!("{}\n", canonical_json(&timeout_line(idle)));
                        let _ = tx
                            .send(tokio::spawn(async move { vec![Bytes::from(line)] }))
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
                chunk_bytes += line.text.len();
                chunk.push(job.queue(line));
            }
            if chunk.len() >= LINES_PER_CHUNK || chunk_bytes >= CHUNK_BYTES {
                chunk_bytes = 0;
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(LINES_PER_CHUNK));
                if !dispatch(&state, &job, full, &tx, &busy).await {
                    return;
                }
            }
        }
    }
    if let Some(line) = split.finish() {
        chunk.push(job.queue(line));
    }
    if !chunk.is_empty() {
        dispatch(&state, &job, chunk, &tx, &busy).await;
    }
}

/// Queues one chunk's judging on the blocking pool (rayon inside); `false` when the answer is
/// no longer read.
async fn dispatch(
    state: &Arc<State>,
    job: &Job<'static>,
    chunk: Vec<Queued>,
    tx: &mpsc::Sender<JoinHandle<Vec<Bytes>>>,
    busy: &Arc<Busy>,
) -> bool {
    let job = job.clone();
    let state = Arc::clone(state);
    let judging = Judging::start(busy);
    let handle = tokio::task::spawn_blocking(move || {
        let _judging = judging;
        judge(&state, &job, chunk)
    });
    tx.send(handle).await.is_ok()
}

/// A chunk's answer: the core's text of its lines, in order, as the frames of the response
/// (each written by one core; nothing is copied to join them). A line over the limit was judged
/// when it ended ([`Job::queue`]): its answer is in its place.
fn judge(state: &State, job: &Job<'static>, chunk: Vec<Queued>) -> Vec<Bytes> {
    let frames: Vec<Bytes> = job
        .judge_text(&chunk)
        .into_iter()
        .map(Bytes::from)
        .collect();
    state.metrics.households.fetch_add(
        u64::try_from(chunk.len()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
    frames
}
