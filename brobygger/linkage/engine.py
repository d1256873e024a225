"""Record linkage with Splink on DuckDB: load rows, train the model, score candidate pairs.

    with Linkage(link_type="link_only") as linkage:
        linkage.add("left", rows_of_left)
        linkage.add("right", rows_of_right)
        linkage.train()
        linkage.predict()
        linkage.write_pairs(path, threshold=0.5)

DuckDB runs in process with a memory limit and spills to a temporary directory, so a
national list fits on a small server. Parameters are trained on every run: u by random
sampling of pairs, m by expectation-maximisation on two blocking rules; lists too small for
EM keep the prior m of ``brobygger.linkage.model``.
"""

from __future__ import annotations

import csv
import logging
import math
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import duckdb

from . import blocking, features, learning, model

# SQL_NAMES: the SQL of this module is assembled from names made here ("input_<n>", Splink's
# table names), dataset names checked against DATASET_NAME, and floats; never from a list's
# contents, which reach DuckDB only as registered Arrow tables. Bandit's B608 is silenced
# line by line with this reason.
DATASET_NAME = re.compile(r"[a-z_]{1,30}")

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]
LinkType = Literal["dedupe_only", "link_only", "link_and_dedupe"]

# Scoring runs in chunks of about this many records on each side. Each chunk joins every
# blocking rule again (on 100,000 rows, 4 x 4 chunks took 3.3 times the CPU of one), and with
# capped blocks the candidate pairs of a million rows (16 per record) fit one pass with
# DuckDB spilling to disk: chunks are for lists larger than that.
CHUNK_ROWS = 2_000_000
# Above this many records the count of candidate pairs is estimated from a sample.
EXACT_COUNT_ROWS = 50_000
# Training samples, each costing the same at any list size: EM learns as well from 300,000
# candidate pairs as from a million (F1 on 100,000 rows rose from 0.9851 to 0.9865); the
# estimate of u keeps a million random pairs (with 300,000, F1 fell by 0.001 on link5k), in
# Splink's ten chunks (in one, 0.7 CPU seconds faster, peak memory rose by 500 MB).
EM_MAX_PAIRS = 3e5
U_MAX_PAIRS = 1e6
# Splink checks that the settings name only columns of the input (and logs what does not).
# The settings are this package's own and the columns are ``features.SCHEMA`` and the block
# keys, the same on every run: the check is a test (``test_link_command``), not a third of a
# second of every run.
VALIDATE_SETTINGS = False


# A record the model can compare: a postal code or a city alone says too little.
COMPARABLE = (
    "fn IS NOT NULL OR ln IS NOT NULL OR dob IS NOT NULL OR cpr IS NOT NULL"
    " OR phone IS NOT NULL OR email IS NOT NULL OR street IS NOT NULL"
)


@dataclass(frozen=True)
class Pair:
    left_dataset: str
    left_id: str
    right_dataset: str
    right_id: str
    probability: float
    evidence: dict[str, tuple[str, float]]


class LinkageError(Exception):
    """The input cannot be linked (no rows, for instance)."""


class Linkage:
    def __init__(
        self,
        *,
        link_type: LinkType,
        evidence: bool = False,
        memory_limit: str = "1500MB",
        threads: int | None = None,
        seed: int = 1,
        progress: Progress | None = None,
    ) -> None:
        self.link_type = link_type
        self.evidence = evidence
        self.seed = seed
        self.threads = threads
        self.rows: dict[str, int] = {}
        self.candidate_pairs = 0
        self.candidate_pairs_estimated = False
        self._tables: list[Any] = []
        self.trained_with_em = False
        self.learning: learning.LabelLearning | None = None
        self._progress = progress or (lambda phase: None)
        self._tmp = tempfile.TemporaryDirectory(prefix="brobygger-linkage-")
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute(f"SET temp_directory = '{self._tmp.name}'")
        self.con.execute("SET preserve_insertion_order = false")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self._linker: Any = None
        self._predictions: Any = None
        self._rules = blocking.keyed(model.BLOCKING_RULES, model.BLOCKING_REFINEMENTS)
        # Oversized blocks split by a rule's refinement, and dropped (see ``blocking``).
        self.blocks = {"split": 0, "dropped": 0}

    # Loading ---------------------------------------------------------------------------

    def add(self, name: str, rows: Iterable[tuple[str, Mapping[str, Any]]]) -> int:
        """Stream ``(unique_id, row)`` pairs into the table of dataset ``name``.

        ``name`` ("left", "registry", ...) is written into SQL as a literal, so it may only be
        a lower-case word."""
        if not DATASET_NAME.fullmatch(name):
            raise ValueError(f"dataset name {name!r} must be a lower-case word")
        table = f"input_{len(self.rows)}"
        self._create_empty(table)
        count = 0
        for batch in features.parallel_batches(rows, processes=self.threads):
            self.con.register("incoming", batch)
            self.con.execute(f"INSERT INTO {table} SELECT * FROM incoming")  # nosec B608  # SQL_NAMES
            self.con.unregister("incoming")
            count += batch.num_rows
            self._progress("reading")
        self.rows[name] = count
        return count

    def _create_empty(self, table: str) -> None:
        empty = features.SCHEMA.empty_table()
        self.con.register("incoming", empty)
        self.con.execute(f"CREATE TABLE {table} AS SELECT * FROM incoming")  # nosec B608  # SQL_NAMES
        self.con.unregister("incoming")

    # Training --------------------------------------------------------------------------

    def train(self, *, labels: learning.Labels | None = None) -> None:
        """Estimate the model's parameters; with ``labels`` (the reviewers' decisions of the
        municipality), m is then re-estimated from them (``learning``)."""
        from splink import DuckDBAPI, Linker

        total = sum(self.rows.values())
        if total == 0:
            raise LinkageError("There are no rows to link.")
        self._check_comparable()
        self._progress("blocking")
        self.blocks = blocking.add_keys(
            self.con, [f"input_{index}" for index in range(len(self.rows))], self._rules
        )
        db_api = DuckDBAPI(self.con)
        tables = self._tables = [
            db_api.register(f"input_{index}", dataset_display_name=name)
            for index, name in enumerate(self.rows)
        ]
        settings = model.settings(
            self.link_type, evidence=self.evidence, term_frequencies=total >= model.TF_MIN_ROWS
        )
        settings["blocking_rules_to_generate_predictions"] = self._splink_rules()
        self._linker = Linker(
            tables if len(tables) > 1 else tables[0],
            settings,
            log_level=logging.WARNING,
            validate_settings=VALIDATE_SETTINGS,
        )
        training = self._linker.training
        self._progress("training")
        self._set_prior()
        # On a few hundred pairs, sampled "non-matches" would be mostly matches: keep priors.
        if self._possible_pairs() >= model.U_SAMPLING_MIN_PAIRS:
            training.estimate_probability_two_random_records_match(
                model.DETERMINISTIC_RULES, recall=model.DETERMINISTIC_RECALL
            )
            training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=self.seed)
        if total >= model.EM_MIN_ROWS:
            for rule in model.EM_RULES:
                try:
                    training.estimate_parameters_using_expectation_maximisation(
                        rule, estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
                    )
                    self.trained_with_em = True
                except Exception as error:  # noqa: BLE001 - EM may not find pairs; keep priors
                    logger.warning("EM on %s kept the priors: %s", rule, error)
        if labels is not None:
            self.learning = learning.apply(self._linker._settings_obj, labels)
        self._floor_probability()

    def _check_comparable(self) -> None:
        """A list with nothing the model compares (only ids and a city, say) would give
        pairs that mean nothing: refuse it."""
        for index, name in enumerate(self.rows):
            if (
                self.rows[name]
                and not self.con.execute(
                    f"SELECT count(*) FROM input_{index} WHERE {COMPARABLE}"  # nosec B608  # SQL_NAMES
                ).fetchall()[0][0]
            ):
                raise LinkageError(
                    f"The list “{name}” has nothing to compare: no row has a name, birth date,"
                    " CPR number, phone, e-mail or street address."
                )

    def _splink_rules(self) -> list[str]:
        return [rule.splink_rule for rule in self._rules]

    def _possible_pairs(self) -> int:
        counts = list(self.rows.values())
        if self.link_type == "link_only":
            return counts[0] * counts[1] if len(counts) == 2 else 0
        total = sum(counts)
        return total * (total - 1) // 2

    def _set_prior(self) -> None:
        """Before (or instead of) estimating it: the share of pairs that are matches if a
        fixed share of the smaller list's records has a match (``model.PRIOR_MATCH_SHARE``).
        Splink's default of 1 in 10,000 would make every pair of a small list a non-match."""
        counts = list(self.rows.values())
        pairs = self._possible_pairs()
        if pairs:
            expected = model.PRIOR_MATCH_SHARE * (min(counts) if len(counts) == 2 else sum(counts))
            prior = min(0.5, max(1e-7, expected / pairs))
            self._linker._settings_obj._probability_two_random_records_match = prior

    def _floor_probability(self) -> None:
        """A deterministic estimate of zero matches would make every pair impossible."""
        settings = self._linker._settings_obj
        if settings._probability_two_random_records_match <= 0:
            settings._probability_two_random_records_match = 1e-6

    def model_json(self) -> dict[str, Any]:
        model: dict[str, Any] = self._linker.misc.save_model_to_json()
        return model

    # Scoring ---------------------------------------------------------------------------

    def predict(self, *, threshold: float) -> int:
        """Score every candidate pair and keep those at or above ``threshold``; returns how
        many candidate pairs there were (counted exactly up to ``EXACT_COUNT_ROWS`` rows,
        estimated from a 5 % sample of records above)."""
        from splink.blocking_analysis import count_comparisons_from_blocking_rules

        self._progress("scoring")
        total = sum(self.rows.values())
        # A large list is scored in chunks, so the pairs of one chunk fit in memory.
        chunks = max(1, math.ceil(total / CHUNK_ROWS))
        self._predictions = self._linker.inference.predict(
            threshold_match_probability=threshold,
            num_chunks_left=chunks,
            num_chunks_right=chunks,
        )
        self.candidate_pairs_estimated = total > EXACT_COUNT_ROWS
        counts = count_comparisons_from_blocking_rules(
            self._tables if len(self._tables) > 1 else self._tables[0],
            blocking_rules=self._splink_rules(),
            link_type=self.link_type,
            record_sample_proportion=0.05 if self.candidate_pairs_estimated else 1.0,
        )
        self.candidate_pairs = int(counts[-1]["cumulative_comparison_count"]) if counts else 0
        return self.candidate_pairs

    def _oriented(self, threshold: float) -> str:
        """Pairs at or above ``threshold``, the first dataset's record on the left."""
        name = self._predictions.physical_name
        first = next(iter(self.rows))
        if len(self.rows) < 2:
            return (
                f"SELECT '{first}' AS left_dataset, unique_id_l AS left_id,"  # nosec B608  # SQL_NAMES
                f" '{first}' AS right_dataset, unique_id_r AS right_id,"
                f" match_probability, * EXCLUDE (unique_id_l, unique_id_r, match_probability)"
                f" FROM {name} WHERE match_probability >= {float(threshold)}"
            )
        return (
            "SELECT CASE WHEN flip THEN source_dataset_r ELSE source_dataset_l END left_dataset,"  # nosec B608  # SQL_NAMES
            " CASE WHEN flip THEN unique_id_r ELSE unique_id_l END left_id,"
            " CASE WHEN flip THEN source_dataset_l ELSE source_dataset_r END right_dataset,"
            " CASE WHEN flip THEN unique_id_l ELSE unique_id_r END right_id,"
            " match_probability, * EXCLUDE (unique_id_l, unique_id_r, match_probability,"
            " source_dataset_l, source_dataset_r, flip)"
            f" FROM (SELECT *, source_dataset_r = '{first}' AND source_dataset_l <> '{first}'"
            f" AS flip FROM {name}) WHERE match_probability >= {float(threshold)}"
        )

    def write_pairs(self, path: Path, *, threshold: float, neutralise: Callable[[str], str]) -> int:
        """``left_id,right_id,match_probability`` for every pair at or above ``threshold``."""
        pairs = self._oriented(threshold)
        cursor = self.con.execute(
            f"SELECT left_id, right_id, round(match_probability, 6) FROM ({pairs})"  # nosec B608  # SQL_NAMES
            " ORDER BY 3 DESC, 1, 2"
        )
        written = 0
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["left_id", "right_id", "match_probability"])
            while chunk := cursor.fetchmany(50_000):
                writer.writerows(
                    (neutralise(left), neutralise(right), probability)
                    for left, right, probability in chunk
                )
                written += len(chunk)
        return written

    def pairs(self, *, threshold: float) -> Iterator[Pair]:
        """Scored pairs with the evidence per field (the label of each comparison level)."""
        labels = self._level_labels()
        cursor = self.con.execute(self._oriented(threshold))
        columns = [description[0] for description in cursor.description]
        while chunk := cursor.fetchmany(10_000):
            for values in chunk:
                record = dict(zip(columns, values, strict=True))
                evidence = {}
                for comparison, levels in labels.items():
                    weight = record.get(f"mw_{comparison}")
                    evidence[comparison] = (
                        (levels.get(round(weight, 6), ""), round(weight, 2))
                        if weight
                        else ("missing", 0.0)
                    )
                yield Pair(
                    left_dataset=record["left_dataset"],
                    left_id=record["left_id"],
                    right_dataset=record["right_dataset"],
                    right_id=record["right_id"],
                    probability=float(record["match_probability"]),
                    evidence=evidence,
                )

    def _level_labels(self) -> dict[str, dict[float, str]]:
        """The label of each level by its match weight (the output keeps weights, not levels)."""
        labels: dict[str, dict[float, str]] = {}
        for comparison in self._linker._settings_obj.comparisons:
            levels = labels.setdefault(comparison.output_column_name, {})
            for level in comparison.comparison_levels:
                if not level.is_null_level:
                    levels.setdefault(round(level._match_weight, 6), level.label_for_charts)
        return labels

    # Clean-up --------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()
        self._tmp.cleanup()

    def __enter__(self) -> Linkage:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
