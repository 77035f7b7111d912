//! The JNI entry points of `org.hengjie.Native`. Each reads its Java strings, runs the call
//! under `catch_unwind` and gives a Java string, or throws:
//! - `InvalidInputException` / `ParameterException` with the coded error list (as JSON text and as
//!   flat `{code, path, message_en, message_zh}` strings, from which Java builds `ErrorDetail`s);
//! - `NullPointerException` for a null argument the Java side let through (it checks first);
//! - `IllegalStateException` for a closed policy;
//! - `HengjieException` for a panic (a bug) or a JNI failure: the JVM never sees an unwind.

// JNI finds each native method by its unmangled symbol name, which takes `#[unsafe(no_mangle)]`;
// reading a string the JVM has already type-checked skips jni's per-call class lookup
// (`get_string_unchecked`), and the length of a string is read without copying it
// (`GetStringLength`). Those are this module's only unsafe operations, each with its reason.
#![expect(
    unsafe_code,
    reason = "JNI exports need #[unsafe(no_mangle)]; two documented unsafe JNI reads"
)]

use std::panic::{AssertUnwindSafe, catch_unwind};

use hengjie::{Error, ErrorCode, Errors, canonical_json};
use jni::JNIEnv;
use jni::objects::{JClass, JObject, JObjectArray, JString, JThrowable, JValue};
use jni::sys::{jboolean, jcharArray, jint, jlong};

use crate::door::{self, MAX_COPIED_UNITS, Text};
use crate::registry;

/// Why a call gives no value.
enum Failure {
    Core(Error),
    Null(&'static str),
    Closed,
    Jni(jni::errors::Error),
    Panic(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

impl From<jni::errors::Error> for Failure {
    fn from(e: jni::errors::Error) -> Self {
        Failure::Jni(e)
    }
}

/// Runs `body` with panics caught; a failure is thrown into Java and `fallback` returned (Java
/// ignores the return value of a call that throws).
fn guard<'l, T>(
    env: &mut JNIEnv<'l>,
    fallback: T,
    body: impl FnOnce(&mut JNIEnv<'l>) -> Result<T, Failure>,
) -> T {
    let failure = match catch_unwind(AssertUnwindSafe(|| body(env))) {
        Ok(Ok(value)) => return value,
        Ok(Err(failure)) => failure,
        Err(payload) => Failure::Panic(panic_text(payload.as_ref())),
    };
    // Throwing allocates Java objects; should even that panic, the JVM still sees no unwind.
    let _ = catch_unwind(AssertUnwindSafe(|| throw(env, failure)));
    fallback
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_owned())
}

fn throw(env: &mut JNIEnv<'_>, failure: Failure) {
    // A JNI failure usually leaves a Java exception pending (an OutOfMemoryError, say): let it go.
    if env.exception_check().unwrap_or(true) {
        return;
    }
    let simple = |env: &mut JNIEnv<'_>, class: &str, message: String| {
        let _ = env.throw_new(class, message);
    };
    match failure {
        Failure::Core(Error::InvalidInput(errors)) => coded(
            env,
            "org/hengjie/InvalidInputException",
            "invalid input",
            &errors,
        ),
        Failure::Core(Error::Parameter(errors)) => coded(
            env,
            "org/hengjie/ParameterException",
            "parameter error",
            &errors,
        ),
        Failure::Null(name) => simple(
            env,
            "java/lang/NullPointerException",
            format!("{name} must not be null"),
        ),
        Failure::Closed => simple(
            env,
            "java/lang/IllegalStateException",
            "this Policy is closed".to_owned(),
        ),
        Failure::Jni(e) => simple(
            env,
            "org/hengjie/HengjieException",
            format!("JNI call failed: {e}"),
        ),
        Failure::Panic(text) => simple(
            env,
            "org/hengjie/HengjieException",
            format!("internal error in hengjie (please report it): {text}"),
        ),
    }
}

/// Throws `class(message, errorsJson, fields)`: `fields` holds code, path, message_en and
/// message_zh of each error in turn.
fn coded(env: &mut JNIEnv<'_>, class: &str, label: &str, errors: &Errors) {
    let build = |env: &mut JNIEnv<'_>| -> jni::errors::Result<()> {
        let list = errors.list();
        let message = env.new_string(format!("{label}: {errors}"))?;
        let json = env.new_string(canonical_json(errors))?;
        let len = jint::try_from(list.len().saturating_mul(4)).unwrap_or(jint::MAX);
        let fields = env.new_object_array(len, "java/lang/String", JObject::null())?;
        let texts = list
            .iter()
            .flat_map(|e| [e.code().as_str(), e.path(), e.message_en(), e.message_zh()]);
        for (i, text) in (0..len).zip(texts) {
            let s = env.new_string(text)?;
            env.set_object_array_element(&fields, i, &s)?;
            env.delete_local_ref(s)?;
        }
        let thrown = env.new_object(
            class,
            "(Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;)V",
            &[
                JValue::Object(&message),
                JValue::Object(&json),
                JValue::Object(&fields),
            ],
        )?;
        env.throw(JThrowable::from(thrown))
    };
    if build(env).is_err() && !env.exception_check().unwrap_or(true) {
        let _ = env.throw_new("org/hengjie/HengjieException", format!("{label}: {errors}"));
    }
}

/// A Java string as Rust text; `Err(None)` for null. With `strict`, an unpaired surrogate is
/// `None` inside `Ok`; otherwise it reads as U+FFFD (dates, unit names: they then match nothing).
fn read(
    env: &mut JNIEnv<'_>,
    s: &JString<'_>,
    name: &'static str,
) -> Result<Option<String>, Failure> {
    if s.is_null() {
        return Err(Failure::Null(name));
    }
    // SAFETY: `s` is a non-null reference the JVM passed for a parameter declared `String` in
    // `org.hengjie.Native`, so it is a java.lang.String, as `get_string_unchecked` requires.
    let java = unsafe { env.get_string_unchecked(s) }?;
    Ok(door::decode(java.to_bytes()).map(std::borrow::Cow::into_owned))
}

/// A plain argument (a date, a unit name): lossy, never an error of its own.
fn read_lossy(
    env: &mut JNIEnv<'_>,
    s: &JString<'_>,
    name: &'static str,
) -> Result<String, Failure> {
    match read(env, s, name)? {
        Some(text) => Ok(text),
        None => Ok("\u{FFFD}".to_owned()),
    }
}

/// The length of a non-null Java string in UTF-16 code units, without copying it.
fn units(env: &JNIEnv<'_>, s: &JString<'_>) -> usize {
    let raw = env.get_raw();
    // SAFETY: `raw` is this thread's JNIEnv, valid for the duration of the native call, and `s`
    // is a live, non-null local reference to a java.lang.String; GetStringLength only reads it.
    let len = unsafe {
        match (**raw).GetStringLength {
            Some(get) => get(raw, s.as_raw()),
            None => 0,
        }
    };
    usize::try_from(len).unwrap_or(0)
}

/// A document argument: its text, or `too_large` (far over the limit: never copied) or the
/// unpaired-surrogate error with `code`.
fn document(
    env: &mut JNIEnv<'_>,
    s: &JString<'_>,
    name: &'static str,
    code: ErrorCode,
) -> Result<Text, Failure> {
    if s.is_null() {
        return Err(Failure::Null(name));
    }
    if units(env, s) > MAX_COPIED_UNITS {
        return Ok(Err(door::too_large_at_least()));
    }
    Ok(read(env, s, name)?.ok_or_else(|| door::not_utf16(code)))
}

/// The names of the outputs asked for (`String[]`; null: every output). The Java side refuses a
/// null name first; one let through is a `NullPointerException` naming `outputs`.
fn names(env: &mut JNIEnv<'_>, array: &JObjectArray<'_>) -> Result<Option<Vec<String>>, Failure> {
    if array.is_null() {
        return Ok(None);
    }
    let len = env.get_array_length(array)?;
    let mut out = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    for i in 0..len {
        let name = JString::from(env.get_object_array_element(array, i)?);
        out.push(read_lossy(env, &name, "outputs")?);
        env.delete_local_ref(name)?;
    }
    Ok(Some(out))
}

fn policy(handle: jlong) -> Result<registry::Held, Failure> {
    registry::get(handle).ok_or(Failure::Closed)
}

/// A result as the UTF-16 code units of its text, from which Java makes the `String`
/// (`new String(char[])`, a vectorised copy). Measured on the typical explained assessment (15 KB
/// of JSON with Chinese reasons), per call: UTF-8 bytes decoded by the JDK about 20 µs; a `String`
/// made here by JNI's `NewString` (HotSpot copies it a character at a time) 25–30 µs more than
/// this; this about 3 µs in Java and a few in Rust.
fn give(env: &mut JNIEnv<'_>, text: &str) -> Result<jcharArray, Failure> {
    units_to_java(env, &door::utf16(text))
}

fn units_to_java(env: &mut JNIEnv<'_>, units: &[u16]) -> Result<jcharArray, Failure> {
    let len = jint::try_from(units.len()).map_err(|_| {
        Failure::Core(Error::InvalidInput(Errors::one(hengjie::ErrorDetail::new(
            ErrorCode::TooLarge,
            "",
            "the answer is over 2^31 UTF-16 units, the limit of a Java string",
            "结果超过 Java 字符串的上限(2^31 个 UTF-16 单元)",
        ))))
    })?;
    let array = env.new_char_array(len)?;
    env.set_char_array_region(&array, 0, units)?;
    Ok(array.into_raw())
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_assess<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    household: JString<'l>,
    as_of: JString<'l>,
    explain: jboolean,
    outputs: JObjectArray<'l>,
) -> jcharArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let policy = policy(handle)?;
        let household = document(env, &household, "household", ErrorCode::MalformedJson)?;
        let as_of = read_lossy(env, &as_of, "asOf")?;
        let outputs = names(env, &outputs)?;
        let out = door::assess(&policy, household, &as_of, explain != 0, outputs.as_deref())?;
        give(env, &out)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_validate<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    household: JString<'l>,
    as_of: JString<'l>,
) -> jcharArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let household = document(env, &household, "household", ErrorCode::MalformedJson)?;
        let as_of = read_lossy(env, &as_of, "asOf")?;
        let out = door::validate(household, &as_of)?;
        give(env, &out)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_params<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    as_of: JString<'l>,
) -> jcharArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let policy = policy(handle)?;
        // A null date here means "every dated value" (Java's `params()`).
        let as_of = if as_of.is_null() {
            None
        } else {
            Some(read_lossy(env, &as_of, "asOf")?)
        };
        let out = door::params(&policy, as_of.as_deref())?;
        give(env, &out)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_assessJsonLines<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    jsonl: JString<'l>,
    as_of: JString<'l>,
    explain: jboolean,
    outputs: JObjectArray<'l>,
) -> jcharArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let policy = policy(handle)?;
        let as_of = read_lossy(env, &as_of, "asOf")?;
        let outputs = names(env, &outputs)?;
        if jsonl.is_null() {
            return Err(Failure::Null("jsonl"));
        }
        // SAFETY: as in `read`: a non-null java.lang.String passed by the JVM.
        let java = unsafe { env.get_string_unchecked(&jsonl) }?;
        let lines = door::lines(java.to_bytes());
        let out = door::assess_json_lines(
            &policy,
            &lines,
            &as_of,
            explain != 0,
            outputs.as_deref(),
            |line| {
                let mut units = door::utf16(&line);
                units.push(u16::from(b'\n'));
                units
            },
        )?;
        drop(lines);
        drop(java);
        let units = out.concat();
        drop(out);
        units_to_java(env, &units)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_village<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    village: JString<'l>,
    as_of: JString<'l>,
) -> jcharArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let policy = policy(handle)?;
        let village = document(env, &village, "village", ErrorCode::MalformedJson)?;
        let as_of = read_lossy(env, &as_of, "asOf")?;
        let out = door::village(&policy, village, &as_of)?;
        give(env, &out)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_farmland<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    project: JString<'l>,
) -> jcharArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let project = document(env, &project, "project", ErrorCode::MalformedJson)?;
        let out = door::farmland(project)?;
        give(env, &out)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_duties<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    unit: JString<'l>,
    clause: JString<'l>,
) -> jcharArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        // Null means "not given" for both, as the CLI's optional flags.
        let unit = if unit.is_null() {
            None
        } else {
            Some(read_lossy(env, &unit, "unit")?)
        };
        let clause = if clause.is_null() {
            None
        } else {
            Some(read_lossy(env, &clause, "clause")?)
        };
        let out = door::duties(unit.as_deref(), clause.as_deref());
        give(env, &out)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_withLayer<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    layer: JString<'l>,
) -> jlong {
    guard(&mut env, 0, |env| {
        let policy = policy(handle)?;
        let layer = document(env, &layer, "layer", ErrorCode::InvalidParameter)?;
        let layered = door::with_layer(&policy, layer)?;
        Ok(registry::insert(layered))
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_free<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    guard(&mut env, (), |_| {
        registry::remove(handle);
        Ok(())
    });
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_jurisdiction<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
) -> jcharArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let policy = policy(handle)?;
        give(env, policy.jurisdiction())
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_errorCodes<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
) -> jcharArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        give(env, &canonical_json(&codes))
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_heldPolicies<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
) -> jlong {
    guard(&mut env, 0, |_| {
        Ok(jlong::try_from(registry::count()).unwrap_or(jlong::MAX))
    })
}

/// The test hook of the panic guard: panics inside an entry point, which must reach Java as a
/// `HengjieException` (NativeTest.aPanicBecomesAHengjieException).
#[unsafe(no_mangle)]
pub extern "system" fn Java_org_hengjie_Native_panicForTest<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
) {
    guard(&mut env, (), |_| -> Result<(), Failure> {
        #[expect(
            clippy::panic,
            reason = "the deliberate panic the guard is tested with"
        )]
        {
            panic!("deliberate panic (Native.panicForTest)")
        }
    });
}
