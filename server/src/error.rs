//! Every error answer is JSON: `{"errors": [{code, path, message_en, message_zh}]}` — the
//! contract's error objects — plus `household_id` (or `village_id`, `project_id`) when the
//! errors are about one document, exactly as the CLI prints them in place of a record.
//!
//! The core's codes (docs/contract.md#errors) are used as they are. Failures that only HTTP has get
//! codes of their own (docs/service.md#errors):
//!
//! | status | code                     | when                                                   |
//! |--------|--------------------------|--------------------------------------------------------|
//! | 400    | `bad_query`              | an unknown query parameter, or a value of the wrong kind |
//! | 401    | `unauthorized`           | `--token-file` is set and the bearer token is missing or wrong |
//! | 404    | `not_found`              | no such route, or no such parameter                    |
//! | 405    | `method_not_allowed`     | the route exists, not with this method                 |
//! | 408    | `timeout`                | the request took longer than the request timeout       |
//! | 415    | `unsupported_media_type` | a body that is not `application/json` (or NDJSON where allowed) |
//! | 500    | `internal`               | a caught panic (a bug: never expected)                 |
//! | 503    | `overloaded`             | the in-flight limit is reached (with `Retry-After`)     |

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hengjie::{Errors, canonical_json};
use serde::Serialize;

/// The HTTP-level error codes, in the order of the table above.
pub const HTTP_CODES: [&str; 8] = [
    "bad_query",
    "unauthorized",
    "not_found",
    "method_not_allowed",
    "timeout",
    "unsupported_media_type",
    "internal",
    "overloaded",
];

/// One HTTP-level error, serialised in the contract's key order.
#[derive(Debug, Clone, Serialize)]
pub struct HttpError {
    code: &'static str,
    path: String,
    message_en: String,
    message_zh: String,
}

impl HttpError {
    /// An error about the request as a whole (path `""`).
    pub fn new(
        code: &'static str,
        message_en: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Self {
        HttpError {
            code,
            path: String::new(),
            message_en: message_en.into(),
            message_zh: message_zh.into(),
        }
    }
}

/// An error answer: a status and its JSON body.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: String,
    retry_after: Option<u32>,
}

impl ApiError {
    /// An HTTP-level failure with one coded error.
    pub fn http(
        status: StatusCode,
        code: &'static str,
        path: impl Into<String>,
        message_en: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Self {
        #[derive(Serialize)]
        struct Body<'a> {
            errors: [&'a HttpError; 1],
        }
        let error = HttpError {
            code,
            path: path.into(),
            message_en: message_en.into(),
            message_zh: message_zh.into(),
        };
        ApiError {
            status,
            body: canonical_json(&Body { errors: [&error] }),
            retry_after: None,
        }
    }

    /// The core's errors, as they are (`{"errors": [...]}`).
    pub fn core(status: StatusCode, errors: &Errors) -> Self {
        #[derive(Serialize)]
        struct Body<'a> {
            errors: &'a Errors,
        }
        ApiError {
            status,
            body: canonical_json(&Body { errors }),
            retry_after: None,
        }
    }

    /// A body already written (the CLI's per-record error wrapper).
    pub fn written(status: StatusCode, body: String) -> Self {
        ApiError {
            status,
            body,
            retry_after: None,
        }
    }

    /// 503 `overloaded`, retry after a second.
    pub fn overloaded() -> Self {
        let mut e = ApiError::http(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "",
            "the service is at its limit of requests in flight; retry shortly",
            "服务正在处理的请求已达上限,请稍后重试",
        );
        e.retry_after = Some(1);
        e
    }

    /// 500 `internal`: a caught panic.
    pub fn internal() -> Self {
        ApiError::http(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "",
            "an internal error occurred; the request was not completed",
            "服务内部错误,请求未完成",
        )
    }

    /// 400 `bad_query`.
    pub fn bad_query(name: &str, en: impl Into<String>, zh: impl Into<String>) -> Self {
        ApiError::http(
            StatusCode::BAD_REQUEST,
            "bad_query",
            if name.is_empty() {
                String::new()
            } else {
                format!("/{name}")
            },
            en,
            zh,
        )
    }

    /// 404 `not_found`.
    pub fn not_found(what_en: &str, what_zh: &str) -> Self {
        ApiError::http(
            StatusCode::NOT_FOUND,
            "not_found",
            "",
            format!("not found: {what_en}"),
            format!("未找到:{what_zh}"),
        )
    }

    /// 415 `unsupported_media_type`.
    pub fn media_type(ndjson_too: bool) -> Self {
        let (en, zh) = if ndjson_too {
            (
                "application/json or application/x-ndjson",
                "application/json 或 application/x-ndjson",
            )
        } else {
            ("application/json", "application/json")
        };
        ApiError::http(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "",
            format!("the body must be sent with Content-Type {en}"),
            format!("请求体的 Content-Type 必须是 {zh}"),
        )
    }

    /// 408 `timeout`.
    pub fn timeout(seconds: f64) -> Self {
        ApiError::http(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            "",
            format!("the request was not completed within {seconds} s"),
            format!("请求未在 {seconds} 秒内完成"),
        )
    }

    /// 401 `unauthorized`.
    pub fn unauthorized() -> Self {
        ApiError::http(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "",
            "a valid bearer token is required (Authorization: Bearer …)",
            "需要有效的访问令牌(Authorization: Bearer …)",
        )
    }

    /// The status answered.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

/// A JSON answer with its status.
pub fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = json(self.status, self.body);
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
