//! `hengjie`: assess households, validate them and list parameters from the command line
//! (CONTRACT "Command line").

mod commands;
mod table;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc: with glibc's allocator the two threads of a JSON Lines stream contend for it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Assess rural households under 阳发〔2021〕30号 (poverty-alleviation results, 2021–2025).
///
/// Input is one JSON document, a JSON array, or JSON Lines (one household per line, streamed).
/// Exit status: 0 every record assessed (or valid); 1 some record had errors; 2 bad command
/// line, unreadable file or parameter error (`{"errors": [...]}` on stderr).
#[derive(Debug, Parser)]
#[command(name = "hengjie", version, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "Examples:
  hengjie assess households.jsonl --as-of 2023-06-30 > assessments.jsonl
  hengjie assess household.json --as-of 2024-06-30 --params liuzhou-2024.toml
  hengjie validate household.json --as-of 2023-06-30
  hengjie params --as-of 2023-06-30
  hengjie village villages.jsonl --as-of 2023-06-30
  hengjie duties --unit 社会事务管理局
  hengjie duties --measure '五(二)'
  hengjie serve --addr 127.0.0.1:8080 --token-file token.txt";

#[derive(Debug, Subcommand)]
enum Command {
    /// Assess households: the decisions, with reasons, parameters and warnings.
    Assess {
        /// Input file; `-` or absent reads standard input.
        file: Option<String>,
        /// The assessment date, YYYY-MM-DD.
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: String,
        /// A parameter layer (JSON, or TOML by its `.toml` extension) laid over the defaults.
        #[arg(long = "params", value_name = "LAYER")]
        params: Option<String>,
        /// Print a human-readable table instead of JSON.
        #[arg(long)]
        table: bool,
        /// Add the population indicators (RULES §13) after the records.
        #[arg(long)]
        summary: bool,
    },
    /// Check villages against the service standards (clinic, platform staff, monthly job information).
    Village {
        /// Input file; `-` or absent reads standard input.
        file: Option<String>,
        /// The date whose parameters apply, YYYY-MM-DD.
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: String,
        /// A parameter layer laid over the defaults.
        #[arg(long = "params", value_name = "LAYER")]
        params: Option<String>,
    },
    /// Check farmland projects for the occupation–supplement balance (area and grade).
    Farmland {
        /// Input file; `-` or absent reads standard input.
        file: Option<String>,
    },
    /// The responsibility ledger: the measures a unit is responsible for, or the units of a measure.
    Duties {
        /// A unit, spelled as in the policy text (e.g. 社会事务管理局).
        #[arg(long, conflicts_with = "clause", required_unless_present = "clause")]
        unit: Option<String>,
        /// A measure's clause, e.g. 五(二) (`--measure` is the same).
        #[arg(long, visible_alias = "measure")]
        clause: Option<String>,
    },
    /// Validate households: every error with its code and JSON Pointer.
    Validate {
        /// Input file; `-` or absent reads standard input.
        file: Option<String>,
        /// The date the checks are made on (birth dates, `since`); default: today in China (UTC+8).
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// Serve the core's API over HTTP (docs/service.md); stops on SIGTERM or Ctrl-C after the
    /// requests in flight are answered.
    Serve {
        /// The address to listen on (loopback by default; port 0 picks a free port, printed on
        /// stderr).
        #[arg(long, env = "HENGJIE_ADDR", default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// A parameter layer laid over the defaults, for every request.
        #[arg(long = "params", env = "HENGJIE_PARAMS", value_name = "LAYER")]
        params: Option<String>,
        /// A file holding the bearer token every route but /health then requires.
        #[arg(long = "token-file", env = "HENGJIE_TOKEN_FILE", value_name = "FILE")]
        token_file: Option<String>,
        /// Requests handled at once; more are answered 503 `overloaded` with Retry-After.
        #[arg(
            long = "max-in-flight",
            env = "HENGJIE_MAX_IN_FLIGHT",
            default_value_t = 1024
        )]
        max_in_flight: usize,
        /// Seconds to answer a request (to the first byte of a stream): over it, 408 `timeout`.
        #[arg(
            long = "request-timeout",
            env = "HENGJIE_REQUEST_TIMEOUT",
            default_value_t = 30.0
        )]
        request_timeout: f64,
        /// Seconds an NDJSON stream may send nothing before it is ended with a `timeout` line.
        #[arg(
            long = "idle-timeout",
            env = "HENGJIE_IDLE_TIMEOUT",
            default_value_t = 30.0
        )]
        idle_timeout: f64,
        /// Worker threads (default: one per core).
        #[arg(long, env = "HENGJIE_THREADS")]
        threads: Option<usize>,
    },
    /// List parameters: every dated value, or with --as-of the value in effect on that date.
    Params {
        /// The date to resolve on, YYYY-MM-DD.
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// A parameter layer laid over the defaults.
        #[arg(long = "params", value_name = "LAYER")]
        params: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => return commands::usage_error(&e.to_string()),
    };
    let outcome = match cli.command {
        Command::Assess {
            file,
            as_of,
            params,
            table,
            summary,
        } => commands::assess(file.as_deref(), &as_of, params.as_deref(), table, summary),
        Command::Village {
            file,
            as_of,
            params,
        } => commands::village(file.as_deref(), &as_of, params.as_deref()),
        Command::Farmland { file } => commands::farmland(file.as_deref()),
        Command::Duties { unit, clause } => commands::duties(unit.as_deref(), clause.as_deref()),
        Command::Validate { file, as_of } => commands::validate(file.as_deref(), as_of.as_deref()),
        Command::Params { as_of, params } => commands::params(as_of.as_deref(), params.as_deref()),
        Command::Serve {
            addr,
            params,
            token_file,
            max_in_flight,
            request_timeout,
            idle_timeout,
            threads,
        } => commands::serve(&commands::ServeArgs {
            addr,
            layer: params,
            token_file,
            max_in_flight,
            request_timeout,
            idle_timeout,
            threads,
        }),
    };
    match outcome {
        Ok(code) => code,
        Err(fatal) => fatal.report(),
    }
}
