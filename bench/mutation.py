"""Mutation testing of the permission rules and the workflow services (mutmut 3).

mutmut leaves decorated functions alone, and every rule of ``access/rules.py``
(``@rules.predicate``) and every workflow step of the services (``@transaction.atomic``) is
decorated. So this script copies the sources and tests to ``var/mutation/``, writes those two
decorators as the equivalent assignment after the function (``f = rules.predicate(f)``, the
rule keeping its signature so that django-rules passes it the same arguments), and runs
``mutmut run`` there with the settings of ``[tool.mutmut]`` in pyproject.toml. Nothing in the
project itself changes; the figures go to docs/benchmarks.md.

    .venv/bin/python bench/mutation.py [--max-children 1]   # then, in var/mutation/:
    ../../.venv/bin/mutmut results                           # the survivors, by name
    ../../.venv/bin/mutmut show citybridge.access.rules.x_edits_city__mutmut_3
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import libcst as cst

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
UNDECORATE = {"rules.predicate", "transaction.atomic"}
# Functions of those files that decide nothing about who may do what, or when: left out (they
# keep a decorator, which mutmut skips). Their own tests are elsewhere.
NOT_RULES = {
    # comments and reading the plan, not its workflow
    "src/citybridge/plans/services.py": {
        "add_comment",
        "latest_approved_version",
        "next_action_order",
    },
    # the eligibility figures and the decision e-mail, not who may do what
    "src/citybridge/calls/services.py": {
        "screen",
        "eligibility",
        "missing_parts",
        "_tell_applicant",
    },
    # role management, written while this was measured; tested by its own module
    "src/citybridge/access/rules.py": {
        "manages_roles",
        "manages_invitation",
        "manages_role",
        "kinds_on",
    },
}
SUPPORT = '''"""Written by bench/mutation.py for the mutated copy only."""

import inspect


def keep_signature(function):
    """mutmut's trampoline takes ``*args``; django-rules counts a predicate's arguments."""
    function.__signature__ = inspect.signature(function)
    return function


def not_mutated(function):
    """A decorator that changes nothing: mutmut leaves decorated functions alone."""
    return function
'''


class Undecorate(cst.CSTTransformer):
    """``@rules.predicate def f(…)`` → ``def f(…)`` then ``f = rules.predicate(f)``."""

    def __init__(self, left_out=()):
        super().__init__()
        self.left_out = set(left_out)

    def leave_Module(self, original, updated):
        body = []
        for statement in updated.body:
            if isinstance(statement, cst.FunctionDef) and statement.name.value in self.left_out:
                skip = cst.Decorator(cst.parse_expression("not_mutated"))
                body.append(statement.with_changes(decorators=[*statement.decorators, skip]))
                continue
            if not (isinstance(statement, cst.FunctionDef) and statement.decorators):
                body.append(statement)
                continue
            names = [cst.Module([]).code_for_node(d.decorator) for d in statement.decorators]
            if not set(names) <= UNDECORATE:
                body.append(statement)
                continue
            body.append(statement.with_changes(decorators=[]))
            name = statement.name.value
            wrapped = name
            for decorator in reversed(names):
                if decorator == "rules.predicate":
                    wrapped = f"keep_signature({wrapped})"
                wrapped = f"{decorator}({wrapped})"
            body.append(cst.parse_statement(f"{name} = {wrapped}\n"))
        support = cst.parse_statement(
            "from citybridge._mutation_support import keep_signature, not_mutated\n"
        )
        first = 1 if body and cst.Module([]).code_for_node(body[0]).lstrip().startswith('"') else 0
        return updated.with_changes(body=[*body[:first], support, *body[first:]])


def prepare() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "src", WORK / "src", ignore=ignore)
    shutil.copytree(ROOT / "tests", WORK / "tests", ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", WORK / "pyproject.toml")
    (WORK / "src" / "citybridge" / "_mutation_support.py").write_text(SUPPORT)
    for name in config["only_mutate"]:
        path = WORK / name
        undecorate = Undecorate(NOT_RULES.get(name, ()))
        path.write_text(cst.parse_module(path.read_text()).visit(undecorate).code)
    return config


def main(argv: list[str]) -> int:
    prepare()
    mutmut = Path(sys.executable).with_name("mutmut")
    return subprocess.call([str(mutmut), "run", *(argv or ["--max-children", "1"])], cwd=WORK)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
