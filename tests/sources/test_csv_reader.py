"""The library's one CSV reader (``read_csv_frame``) and every entry point that uses it.

Guards issue #14's "one reader": the CLI's inputs, the store's files, the generic table
sources and the bundled example all read CSV the same way (only an empty cell is
missing, cells are text unless typed) and a malformed file is a ``DataFileError`` naming
the file, never a raw parser traceback.
"""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pytest
from typer.testing import CliRunner

import progress_indicators as pi
from progress_indicators.cli import app
from progress_indicators.exceptions import DataFileError
from progress_indicators.sources._columnar import read_csv_frame
from progress_indicators.sources._io import read_table

if TYPE_CHECKING:
    from pathlib import Path

runner = CliRunner()

_RAGGED = "observation_id,indicator,metric\na,b,c\nd,e,f,g,h\n"
_BAD_UTF8 = b"observation_id,notes\nx,\xff\xfe bad\n"


def test_only_an_empty_cell_is_missing_and_cells_stay_text(tmp_path: Path) -> None:
    """``NA``/``nan``/``null`` and numbers stay text; an empty cell is missing."""
    path = tmp_path / "t.csv"
    path.write_text("a,b,c\nNA,nan,1\n,null,2.50\n", encoding="utf-8")
    frame = read_csv_frame(path, what="test")
    assert frame["a"].tolist()[0] == "NA"
    assert pd.isna(frame["a"].tolist()[1])
    assert frame["b"].tolist() == ["nan", "null"]
    assert frame["c"].tolist() == ["1", "2.50"]


def test_typed_columns_tsv_and_gzip(tmp_path: Path) -> None:
    """Typed columns parse; ``.tsv`` is tab-separated; ``.csv.gz`` is read through."""
    tsv = tmp_path / "t.tsv"
    tsv.write_text("a\tn\nx\t3\ny\t\n", encoding="utf-8")
    frame = read_csv_frame(tsv, what="test", types={"n": pa.int8()})
    assert frame["a"].tolist() == ["x", "y"]
    assert str(frame["n"].dtype) == "Int8"
    assert frame["n"].tolist()[0] == 3
    assert pd.isna(frame["n"].tolist()[1])
    packed = tmp_path / "t.csv.gz"
    packed.write_bytes(gzip.compress(b"a,b\n1,2\n"))
    assert read_csv_frame(packed, what="test")["b"].tolist() == ["2"]


@pytest.mark.parametrize(
    "content",
    [_RAGGED.encode(), _BAD_UTF8, b'a,b\n"open quote,1\n'],
    ids=["ragged", "utf8", "quote"],
)
def test_malformed_csv_is_a_data_file_error_naming_the_file(tmp_path: Path, content: bytes) -> None:
    """A row with extra fields, bad UTF-8 or an open quote: DataFileError, file and hint."""
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(DataFileError) as caught:
        read_csv_frame(path, what="test")
    assert "bad.csv" in str(caught.value)
    assert "Hint:" in str(caught.value)
    with pytest.raises(DataFileError):
        read_table(path, fmt="csv")


def test_reader_honours_max_bytes(tmp_path: Path) -> None:
    """A file above ``max_bytes`` is refused before it is parsed."""
    path = tmp_path / "t.csv"
    path.write_text("a\n" + "x\n" * 100, encoding="utf-8")
    with pytest.raises(DataFileError, match="above the limit"):
        read_csv_frame(path, what="test", max_bytes=10)


def test_cli_score_with_a_malformed_input_csv_is_a_library_error(tmp_path: Path) -> None:
    """``progress-indicators score``: a ragged input CSV gives DataFileError, not ParserError."""
    observations, _ = pi.datasets.load_example()
    data = tmp_path / "observations.csv"
    observations.to_csv(data, index=False)
    with data.open("a", encoding="utf-8") as handle:
        handle.write("x,y,z,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16\n")
    config = tmp_path / "run.yaml"
    config.write_text(f"inputs:\n  - {{path: {data.name}, kind: observations}}\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(config), "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert isinstance(result.exception, DataFileError), repr(result.exception)
    assert "observations.csv" in str(result.exception)
    assert "ParserError" not in result.output


def test_cli_score_reads_bad_cells_as_text_for_per_row_validation(tmp_path: Path) -> None:
    """A non-number credibility cell reaches validation, which names its row and column."""
    observations, _ = pi.datasets.load_example()
    observations = observations.astype({"credibility": object})
    observations.loc[3, "credibility"] = "high"
    data = tmp_path / "observations.csv"
    observations.to_csv(data, index=False)
    config = tmp_path / "run.yaml"
    config.write_text(f"inputs:\n  - {{path: {data.name}, kind: observations}}\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(config), "--out", str(tmp_path / "out")])
    assert isinstance(result.exception, pi.exceptions.ValidationError), repr(result.exception)
    cases = result.exception.failure_cases
    assert cases[["row", "column"]].values.tolist() == [[3, "credibility"]]


def test_bundled_example_keeps_its_dtypes() -> None:
    """The example reads numbers as numbers (value float, credibility Int8), dates as text."""
    observations, humanitarian = pi.datasets.load_example()
    assert observations["value"].dtype == "float64"
    assert str(observations["credibility"].dtype) == "Int8"
    assert all(isinstance(d, str) for d in observations["date"])
    assert humanitarian["returned_to_ukraine"].dtype == "float64"
