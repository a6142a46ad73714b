//! Exercise 2: debug against release builds, `build_profile()`.
//! Read docs/{{language}}/02-profiles.md, then replace the body below.

use pyo3::prelude::*;

/// "debug" in a debug build, "release" in an optimised one.
#[pyfunction]
pub fn build_profile() -> PyResult<&'static str> {
    Err(super::not_done(
{%- if language == "ko" %}
        "연습 문제 2: build_profile()을 아직 구현하지 않았습니다. docs/{{language}}/02-profiles.md를 보세요",
{%- else %}
        "exercise 2: build_profile(), debug against release; see docs/{{language}}/02-profiles.md",
{%- endif %}
    ))
}
