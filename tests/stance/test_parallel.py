import os

import pytest

from stance.parallel import map_ordered


def _square_and_pid(batch: list[int]) -> tuple[list[int], int]:
    return [x * x for x in batch], os.getpid()


def _fail_on_three(batch: list[int]) -> list[int]:
    if 3 in batch:
        raise ValueError("three")
    return batch


def test_map_ordered_keeps_input_order_across_workers() -> None:
    batches = [[i, i + 1] for i in range(0, 40, 2)]
    results = list(map_ordered(_square_and_pid, batches, processes=2))
    assert [r for r, _ in results] == [[x * x for x in b] for b in batches]
    assert os.getpid() not in {pid for _, pid in results}  # the work ran in the workers


def test_map_ordered_with_one_process_stays_in_this_process() -> None:
    results = list(map_ordered(_square_and_pid, [[1], [2]], processes=1))
    assert results == [([1], os.getpid()), ([4], os.getpid())]


def test_a_bad_input_comes_after_the_batches_read_before_it() -> None:
    def batches():
        yield [1]
        yield [2]
        raise LookupError("bad line 3")

    seen = []
    with pytest.raises(LookupError, match="bad line 3"):
        for result, _ in map_ordered(_square_and_pid, batches(), processes=2):
            seen.append(result)
    assert seen == [[1], [4]]


def test_an_error_in_a_worker_reaches_the_caller_at_its_batch() -> None:
    seen = []
    with pytest.raises(ValueError, match="three"):
        for result in map_ordered(_fail_on_three, [[1], [2], [3], [4]], processes=2):
            seen.append(result)
    assert seen == [[1], [2]]


def test_map_ordered_refuses_no_processes() -> None:
    with pytest.raises(ValueError, match="1 or more"):
        list(map_ordered(_fail_on_three, [[1]], processes=0))
