//! run() timed in one Python process that imports both modules and alternates between them: timed
//! in separate processes after separate builds, run(32) of either moved by 15 % from run to run.

use anyhow::{Context, Result};

/// How many times each `run()` timing is taken, alternating between the two modules: they are
/// cheap, and the median of many is steadier than of the build rounds'.
pub const TIMING_ROUNDS: usize = 9;

/// The timing code: one Python process imports the modules named in argv[3:] (the `maturin new`
/// one from its virtualenv's site-packages, argv[1]) and times `run(32)` and `run(0)` in each,
/// alternating, argv[2] times; each timing is the best of 5 `timeit` repeats, and the medians are
/// printed. One process for both, so that both meet the same interpreter and machine.
pub const TIMING: &str = r#"
import importlib, json, platform, statistics, sys, timeit
sys.path.append(sys.argv[1])
runs = {name: importlib.import_module(name).run for name in sys.argv[3:]}
for run in runs.values():
    assert run(32) == 2178309 and run(0) == 0
t32 = {name: [] for name in runs}
t0 = {name: [] for name in runs}
for _ in range(int(sys.argv[2])):
    for name, run in runs.items():
        t32[name].append(min(timeit.Timer("f(32)", globals={"f": run}).repeat(5, 3)) / 3)
        t0[name].append(min(timeit.Timer("f(0)", globals={"f": run}).repeat(5, 200_000)) / 200_000)
print(json.dumps({
    "python": platform.python_version(),
    "run32_s": {name: statistics.median(t) for name, t in t32.items()},
    "run0_s": {name: statistics.median(t) for name, t in t0.items()},
}))
"#;

/// The medians of [`TIMING`], for the two modules: ours, then maturin new's.
pub struct Timing {
    pub python: String,
    pub run32: [f64; 2],
    pub run0: [f64; 2],
}

/// [`TIMING`]'s output, for the modules `ours` and `anchor`.
pub fn parse_timing(stdout: &str, ours: &str, anchor: &str) -> Result<Timing> {
    let line = stdout
        .lines()
        .last()
        .context("the timing code printed nothing")?;
    let v: serde_json::Value = serde_json::from_str(line)?;
    let both = |key: &str| -> Result<[f64; 2]> {
        let get = |module: &str| {
            v[key][module]
                .as_f64()
                .with_context(|| format!("{key} {module}"))
        };
        Ok([get(ours)?, get(anchor)?])
    };
    Ok(Timing {
        python: v["python"].as_str().context("python")?.to_string(),
        run32: both("run32_s")?,
        run0: both("run0_s")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timing_codes_output_is_read() {
        let out = "noise\n{\"python\": \"3.11.7\", \"run32_s\": {\"fibonacci\": 0.0048, \"anchor\": 0.0049}, \"run0_s\": {\"fibonacci\": 3.5e-8, \"anchor\": 3.3e-8}}\n";
        let timing = parse_timing(out, "fibonacci", "anchor").unwrap();
        assert_eq!(timing.python, "3.11.7");
        assert_eq!(timing.run32, [0.0048, 0.0049]);
        assert_eq!(timing.run0, [3.5e-8, 3.3e-8]);
        assert!(parse_timing("", "fibonacci", "anchor").is_err());
    }
}
