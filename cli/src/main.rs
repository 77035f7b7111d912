//! `hengjie`: assess households, validate them and list parameters from the command line
//! (docs/contract.md#command-line).

mod commands;
mod reconcile;
mod table;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// mimalloc: with glibc's allocator the two threads of a JSON Lines stream contend for it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Assess rural households under 阳发〔2021〕30号 (poverty-alleviation results, 2021–2025).
///
/// Input is one JSON document, a JSON array, or JSON Lines (one household per line, streamed).
/// Exit status: 0 every record assessed (or valid); 1 some record had errors; 2 bad command
/// line, unreadable file or parameter error (`{"errors": [...]}` on stderr).
#[derive(Debug, Parser)]
#[command(name = "hengjie", version = VERSION.as_str(), after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// `hengjie --version`: the engine's version and the rules' (spec) version.
static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{} (engine {}, rules {})",
        env!("CARGO_PKG_VERSION"),
        hengjie::ENGINE_VERSION,
        hengjie::RULES_VERSION
    )
});

const EXAMPLES: &str = "Examples:
  hengjie assess households.jsonl --as-of 2023-06-30 > assessments.jsonl
  hengjie assess household.json --as-of 2024-06-30 --params liuzhou-2024.toml
  hengjie validate household.json --as-of 2023-06-30
  hengjie params --as-of 2023-06-30
  hengjie village villages.jsonl --as-of 2023-06-30
  hengjie duties --unit 社会事务管理局
  hengjie duties --measure '五(二)'
  hengjie serve --addr 127.0.0.1:8080 --token-file token.txt
  hengjie reconcile households.jsonl --as-of 2021-06-30 --roster school=学籍.xlsx --roster dibao=低保.csv";

/// How records are read and written.
#[derive(Debug, Args)]
struct StreamArgs {
    /// The input format: one document (`json`), one per line (`jsonl`) or a JSON array
    /// (`array`); detected when absent.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Write each record as soon as it is decided (a helper process over pipes); without
    /// `--format`, the input is read as JSON Lines.
    #[arg(long)]
    flush: bool,
}

impl StreamArgs {
    fn stream(&self) -> commands::Stream {
        commands::Stream {
            format: self.format.map(Into::into),
            flush: self.flush,
        }
    }
}

/// `--format` of the input: the words of [`hengjie_cli::input::Format`].
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    /// One document, possibly spread over many lines.
    Json,
    /// JSON Lines: one record per non-blank line.
    Jsonl,
    /// One JSON array of records.
    Array,
}

impl From<FormatArg> for hengjie_cli::input::Format {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Json => Self::Json,
            FormatArg::Jsonl => Self::Jsonl,
            FormatArg::Array => Self::Array,
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SchemaArg {
    Household,
    Assessment,
    Layer,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ExplainArg {
    Full,
    Codes,
    None,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LangArg {
    /// 中文.
    Zh,
    /// English.
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ParametersArg {
    Each,
    Once,
}

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
        /// Add the population indicators
        /// (docs/rules/village.md#13-population-indicators-七三-不发生规模性返贫) after the records.
        #[arg(long)]
        summary: bool,
        /// How much explanation each record carries: reasons with texts and parameter rows
        /// (`full`), reasons without texts (`codes`), or decisions, margins and warnings only
        /// (`none`).
        #[arg(long, value_enum, default_value = "full")]
        explain: ExplainArg,
        /// `once`: one header record `{"as_of", "provenance", "parameters", "warnings"}` before
        /// the households, whose records then leave out the parameter rows and the
        /// `illustrative_parameter` warnings.
        #[arg(long, value_enum, default_value = "each")]
        parameters: ParametersArg,
        /// Compute and write only these outputs, comma-separated (`monitoring,dibao`; the
        /// names of docs/rust.md#outputs): only the rules they need run. Each record has its
        /// identifying fields, these outputs and the explanation of the rules that ran.
        #[arg(
            long,
            value_name = "NAMES",
            conflicts_with_all = ["table", "summary", "out"]
        )]
        outputs: Option<String>,
        /// FILE is then the households table (CSV, XLSX/XLS or Parquet, Chinese headers
        /// allowed), and this the members table, joined by household id (docs/cli.md).
        #[arg(long, value_name = "PATH")]
        members: Option<String>,
        /// The hospital stays table of the flat form (with --members).
        #[arg(long, value_name = "PATH", requires = "members")]
        hospitalizations: Option<String>,
        /// Write the household table to PATH instead of JSON: `.csv` (UTF-8 with BOM) or
        /// `.xlsx` by its extension, one row per household, the columns, headers and words of
        /// Python's `hengjie.export` (docs/cli.md#table-output).
        #[arg(
            long,
            value_name = "PATH",
            conflicts_with_all = ["table", "summary", "parameters", "explain", "flush"]
        )]
        out: Option<String>,
        /// The language of --out's headers and words.
        #[arg(long, value_enum, default_value = "zh", requires = "out")]
        lang: LangArg,
        #[command(flatten)]
        stream: StreamArgs,
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
        #[command(flatten)]
        stream: StreamArgs,
    },
    /// Check farmland projects for the occupation–supplement balance (area and grade).
    Farmland {
        /// Input file; `-` or absent reads standard input.
        file: Option<String>,
        #[command(flatten)]
        stream: StreamArgs,
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
        #[command(flatten)]
        stream: StreamArgs,
    },
    /// Print a JSON Schema: the household input, the assessment output, or a parameter layer.
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: SchemaArg,
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
    /// Compare departments' rosters (名单) with the households: the warning list (预警名单).
    ///
    /// Exit status: 0 every household compared; 1 some household document was invalid; 2 bad
    /// command line, unreadable file, missing id or required column, unknown kind or column map.
    Reconcile {
        /// Households: JSON, a JSON array or JSON Lines; `-` or absent reads standard input.
        households: Option<String>,
        /// The comparison date, YYYY-MM-DD.
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: String,
        /// A roster: KIND=PATH (dibao, tekun, medical_insured, medical_cost, school,
        /// disability, deceased, pension_insured, exclusion); CSV, XLSX or XLS. Repeat it.
        #[arg(long = "roster", value_name = "KIND=PATH", required = true)]
        rosters: Vec<String>,
        /// HOUSEHOLDS is then the households table (CSV, XLSX/XLS or Parquet), and this the
        /// members table, joined by household id (docs/cli.md).
        #[arg(long, value_name = "PATH")]
        members: Option<String>,
        /// Hospitalizations of the flat table form (with --members).
        #[arg(long, value_name = "PATH", requires = "members")]
        hospitalizations: Option<String>,
        /// A column map (TOML) adding header and value aliases.
        #[arg(long, value_name = "MAP")]
        columns: Option<String>,
        /// A parameter layer laid over the defaults.
        #[arg(long = "params", value_name = "LAYER")]
        params: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: reconcile::Format,
        /// Output file (required for csv and xlsx; csv writes PATH and PATH.changes.csv).
        #[arg(long, value_name = "PATH")]
        out: Option<String>,
    },
    /// List parameters: every dated value, or with --as-of the value in effect on that date.
    Params {
        /// The date to resolve on, YYYY-MM-DD.
        #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// A parameter layer laid over the defaults.
        #[arg(long = "params", value_name = "LAYER")]
        params: Option<String>,
        /// Print only the policy's digest (`sha256:…`, as `provenance.policy.digest`).
        #[arg(long, conflicts_with = "as_of")]
        digest: bool,
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
            explain,
            parameters,
            outputs,
            members,
            hospitalizations,
            out,
            lang,
            stream,
        } => commands::assess(
            file.as_deref(),
            members.as_deref().map(|members| commands::Tables {
                members,
                hospitalizations: hospitalizations.as_deref(),
            }),
            &as_of,
            params.as_deref(),
            commands::AssessOptions {
                table,
                summary,
                explain: match explain {
                    ExplainArg::Full => hengjie::Explain::Full,
                    ExplainArg::Codes => hengjie::Explain::Codes,
                    ExplainArg::None => hengjie::Explain::None,
                },
                parameters_once: parameters == ParametersArg::Once,
                outputs: outputs.as_deref(),
            },
            out.as_deref().map(|path| commands::TableOut {
                path,
                lang: match lang {
                    LangArg::Zh => hengjie::labels::Lang::Zh,
                    LangArg::En => hengjie::labels::Lang::En,
                },
            }),
            stream.stream(),
        ),
        Command::Village {
            file,
            as_of,
            params,
            stream,
        } => commands::village(file.as_deref(), &as_of, params.as_deref(), stream.stream()),
        Command::Farmland { file, stream } => commands::farmland(file.as_deref(), stream.stream()),
        Command::Duties { unit, clause } => commands::duties(unit.as_deref(), clause.as_deref()),
        Command::Validate {
            file,
            as_of,
            stream,
        } => commands::validate(file.as_deref(), as_of.as_deref(), stream.stream()),
        Command::Schema { which } => commands::schema(match which {
            SchemaArg::Household => commands::Schema::Household,
            SchemaArg::Assessment => commands::Schema::Assessment,
            SchemaArg::Layer => commands::Schema::Layer,
        }),
        Command::Params {
            as_of,
            params,
            digest,
        } => commands::params(as_of.as_deref(), params.as_deref(), digest),
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
        Command::Reconcile {
            households,
            as_of,
            rosters,
            members,
            hospitalizations,
            columns,
            params,
            format,
            out,
        } => reconcile::run(&reconcile::Args {
            households: households.as_deref(),
            as_of: &as_of,
            rosters: &rosters,
            tables: members.as_deref().map(|members| commands::Tables {
                members,
                hospitalizations: hospitalizations.as_deref(),
            }),
            columns: columns.as_deref(),
            params: params.as_deref(),
            format,
            out: out.as_deref(),
        }),
    };
    match outcome {
        Ok(code) => code,
        Err(fatal) => fatal.report(),
    }
}
