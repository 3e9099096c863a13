"""GitLab CI variables: predefined ones as symbolic values and ``$VAR`` expansion.

A pipeline's values are only known symbolically: ``$CI_COMMIT_SHA`` stays ``$CI_COMMIT_SHA``,
but ``$CI_REGISTRY_IMAGE`` becomes ``$CI_REGISTRY/$CI_PROJECT_PATH`` so that a rule can tell
which registry an image lives in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# predefined variables (https://docs.gitlab.com/ci/variables/predefined_variables/); a value
# naming the variable itself means "known to exist, value only known at run time"
PREDEFINED: Mapping[str, str] = {
    **{
        name: f"${name}"
        for name in (
            "CI",
            "GITLAB_CI",
            "CI_REGISTRY",
            "CI_REGISTRY_USER",
            "CI_REGISTRY_PASSWORD",
            "CI_PROJECT_PATH",
            "CI_PROJECT_NAME",
            "CI_PROJECT_NAMESPACE",
            "CI_PROJECT_ID",
            "CI_PROJECT_URL",
            "CI_PROJECT_DIR",
            "CI_COMMIT_SHA",
            "CI_COMMIT_SHORT_SHA",
            "CI_COMMIT_TAG",
            "CI_COMMIT_BRANCH",
            "CI_COMMIT_REF_NAME",
            "CI_COMMIT_REF_SLUG",
            "CI_DEFAULT_BRANCH",
            "CI_JOB_TOKEN",
            "CI_JOB_ID",
            "CI_JOB_NAME",
            "CI_PIPELINE_ID",
            "CI_PIPELINE_IID",
            "CI_PIPELINE_SOURCE",
            "CI_MERGE_REQUEST_IID",
            "CI_SERVER_HOST",
            "CI_SERVER_URL",
            "CI_API_V4_URL",
            "CI_DEPENDENCY_PROXY_SERVER",
            "CI_DEPENDENCY_PROXY_USER",
            "CI_DEPENDENCY_PROXY_PASSWORD",
            "CI_ENVIRONMENT_NAME",
            "CI_ENVIRONMENT_SLUG",
            "GITLAB_USER_LOGIN",
        )
    },
    "CI_REGISTRY_IMAGE": "$CI_REGISTRY/$CI_PROJECT_PATH",
    "CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX": "$CI_DEPENDENCY_PROXY_SERVER/$CI_PROJECT_NAMESPACE"
    "/dependency_proxy/containers",
    "CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX": "$CI_DEPENDENCY_PROXY_SERVER"
    "/$CI_PROJECT_NAMESPACE/dependency_proxy/containers",
}

_REFERENCE = re.compile(r"\$\$|\$\{(\w+)\}|\$(\w+)")
MAX_EXPANSION_DEPTH = 10


def variable_names(text: str) -> list[str]:
    """The variables ``text`` refers to (``$VAR`` and ``${VAR}``), in order."""
    return [m.group(1) or m.group(2) for m in _REFERENCE.finditer(text) if m.group(0) != "$$"]


def expand(
    text: str,
    values: Mapping[str, str],
    *,
    verbatim: frozenset[str] = frozenset(),
    predefined: Mapping[str, str] = PREDEFINED,
    depth: int = 0,
) -> str:
    """``text`` with every known ``$VAR``/``${VAR}`` replaced by its (expanded) value.

    ``values`` maps user variables to their text; those named in ``verbatim`` (declared with
    ``expand: false``) are inserted as written, without expanding their own references; unknown
    variables stay as written and ``$$`` stays ``$$`` (GitLab's escape). Expansion stops after
    ``MAX_EXPANSION_DEPTH`` levels, so self-referencing variables terminate.
    """

    def one(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if name is None or depth >= MAX_EXPANSION_DEPTH:
            return match.group(0)
        if name in values:
            value = values[name]
            if name in verbatim:
                return value
            return expand(value, values, verbatim=verbatim, predefined=predefined, depth=depth + 1)
        symbolic = predefined.get(name)
        if symbolic is None or symbolic == f"${name}":
            return match.group(0)
        return expand(symbolic, values, verbatim=verbatim, predefined=predefined, depth=depth + 1)

    return _REFERENCE.sub(one, text)


# variables that name one commit or pipeline: an image tagged with one is built by this run
PER_RUN = frozenset(
    {"CI_COMMIT_SHA", "CI_COMMIT_SHORT_SHA", "CI_COMMIT_TAG", "CI_PIPELINE_ID", "CI_PIPELINE_IID"}
)


def per_run_reference(image: str) -> bool:
    """``…:$CI_COMMIT_SHA``-style image references (expanded): the tag names this run."""
    _, colon, tag = image.rpartition(":")
    return bool(colon) and "/" not in tag and bool(PER_RUN & set(variable_names(tag)))
