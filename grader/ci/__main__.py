"""`python -m grader.ci ...` is `grade ci ...`: one CLI, one error printing. (Kept apart from the
package so that grader.cli, which imports grader.ci, is not imported back by it.)"""

import sys

from ..cli import main

main(["ci", *sys.argv[1:]], prog_name="grade")  # its usage lines say `grade ci`
