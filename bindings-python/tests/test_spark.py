"""hengjie.assess_arrow inside Spark: mapInArrow over a local session gives the same table as
assess_batch run locally. Slow-ish (a JVM starts): `make test-spark`; part of `make test`."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest

pa = pytest.importorskip("pyarrow")
pytest.importorskip("pyspark")

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.pandas.types import from_arrow_schema  # noqa: E402

import hengjie  # noqa: E402
from hengjie import synth  # noqa: E402

AS_OF = "2023-06-30"


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    # The workers must run this interpreter (it has hengjie and pyarrow).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("hengjie-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_map_in_arrow_equals_assess_batch(spark: SparkSession) -> None:
    as_of = AS_OF

    # Defined inside the test so that cloudpickle ships it by value (workers cannot import
    # this test module).
    def assess_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import hengjie

        for batch in batches:
            yield hengjie.assess_arrow(batch, as_of)

    table = synth.population(3000, seed=42)
    households = spark.createDataFrame(table).repartition(4)
    schema = from_arrow_schema(hengjie.output_schema())
    out = households.mapInArrow(assess_partition, schema).toArrow()

    local = pa.Table.from_pandas(hengjie.assess_batch(table, AS_OF), preserve_index=False)
    assert out.num_rows == 3000
    order = pa.compute.sort_indices(out, [("household_id", "ascending")])
    got = out.take(order).cast(local.schema)
    want = local.sort_by("household_id")
    assert got.column_names == want.column_names
    for name in want.column_names:
        assert got.column(name).combine_chunks().equals(want.column(name).combine_chunks()), name
    assert sum(got.column("dibao.monthly_benefit").to_pylist()) == sum(
        want.column("dibao.monthly_benefit").to_pylist()
    )
