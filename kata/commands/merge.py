"""``python3 grader.py merge DIR... --out DIR``: one gradebook from the shards of a room.

Each DIR is the ``--out`` of a ``batch --shard I/N`` run (or of any batch):
their gradebook.json files are read, their rows joined, ``identical-to`` flags
found again across the whole room, and every output written as ``batch``
writes it. A student in two shards, or shards that graded different
exercises, is a usage error; a shard missing from 1..N is a warning.
Exit status: 0 when written, 2 for a usage error.
"""
import sys
import time
from pathlib import Path

from ..cli import Parser, UsageError


def main(argv):
    from ..batch.gradebook import Gradebook, GradebookError, check_replaceable, publish, read_gradebook
    from ..batch.room import add_identical_flags
    from .batch import summary
    args = parse_args(argv)
    started = time.monotonic()
    try:
        check_replaceable(args.out)
        shards = [read_gradebook(folder) for folder in args.folders]
    except GradebookError as error:
        raise UsageError(str(error)) from None
    names = shards[0].names
    for folder, gradebook in zip(args.folders, shards):
        if gradebook.names != names:
            raise UsageError(f"{folder} graded other exercises ({', '.join(gradebook.names)}) "
                             f"than {args.folders[0]} ({', '.join(names)})")
    rows = _joined(args.folders, shards)
    add_identical_flags(rows)
    for warning in missing_shards(shards):
        print(f"warning: {warning}", file=sys.stderr)
    sandboxes = {gradebook.sandbox for gradebook in shards}
    merged = Gradebook(names, rows, sandbox=sandboxes.pop() if len(sandboxes) == 1 else
                       "sandbox: in some shards only")
    try:
        publish(merged, args.out)
    except GradebookError as error:
        raise UsageError(str(error)) from None
    print(summary(merged, time.monotonic() - started, args.out).replace("Graded", "Merged", 1))
    return 0


def parse_args(argv):
    parser = Parser(prog="grader.py merge", allow_abbrev=False,
                    description="Join the gradebooks of batch --shard runs into one.")
    parser.add_argument("folders", nargs="+", metavar="DIR", type=Path,
                        help="the --out folders of the shards")
    parser.add_argument("--out", metavar="DIR", type=Path, required=True,
                        help="where the joined gradebook goes")
    return parser.parse_args(argv)


def _joined(folders, shards):
    owner, rows = {}, []
    for folder, gradebook in zip(folders, shards):
        for row in gradebook.rows:
            if row.student in owner:
                raise UsageError(f"{row.student} is in both {owner[row.student]} and {folder}")
            owner[row.student] = folder
            rows.append(row)
    return rows


def missing_shards(shards):
    """Warnings for shards of 1..N that are not among those merged."""
    counts = {gradebook.shard.split("/")[1] for gradebook in shards if gradebook.shard}
    if len(counts) > 1:
        return [f"the shards were cut in different counts ({', '.join(sorted(counts))})"]
    if not counts:
        return []
    count = int(counts.pop())
    present = {int(gradebook.shard.split("/")[0]) for gradebook in shards if gradebook.shard}
    return [f"shard {index}/{count} is not among those merged"
            for index in range(1, count + 1) if index not in present]
