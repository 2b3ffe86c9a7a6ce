"""What every command shares: the Typer app and its global options (--version, --debug),
the help of options several commands take, and how a result is printed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from .. import __version__

app = typer.Typer(
    help="Draft the joint WSIS Action Line C7 input to the CSTD as a Word document, "
    "and flag text recycled from earlier submissions.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich's boxes cost ~45 ms of imports and print Python type names.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"c7draft {__version__}")
        raise typer.Exit()


# What the running command works on, named when an unexpected error ends it, and whether
# such an error prints its traceback (--debug).
target: Path | None = None
debugging = False


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_show_version, help="Print c7draft's version and exit."
    ),
    debug: bool = typer.Option(
        False, "--debug", help="On an unexpected error (a bug), print the full traceback."
    ),
) -> None:
    global debugging
    debugging = debug


# Options several commands take, declared once: typer copies an option for each command.
AGAINST = typer.Option(
    None,
    "--against",
    metavar="PATH",
    help="Prior submissions to check against, instead of the shipped seeds and the submission's "
    "`priors:`; repeatable.",
)
ALSO = typer.Option(
    None,
    "--also",
    metavar="PATH",
    help="A prior submission (file, folder, or last year's inputs folder) to check against "
    "in addition to the others; repeatable.",
)
BANDS = typer.Option(
    None,
    "--bands",
    metavar="95,85,75",
    help="Lowest scores of the near-verbatim, light-edit and moderate-edit bands; "
    "below the last, nothing is flagged.",
)


def parse_bands(bands: str | None):
    if not bands:  # the check's module is not imported where no check runs (--no-check)
        return None
    from ..check import Thresholds

    try:
        return Thresholds.parse(bands)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--bands") from None


def print_result(text: str) -> None:
    """Print a command's result; a reader that has gone (`| head -1`) does not change the exit
    code that tells what was found (validate's errors, check's --fail-on)."""
    try:
        typer.echo(text)
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # nothing more can reach the reader; later output is dropped


def working_on(path: Path) -> None:
    global target
    target = path
