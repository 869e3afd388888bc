/* cmd_diff.c - placeholder so the tree builds while the command is written */
#include "cmd.h"
#include "error.h"

int cmd_diff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	error_set(ERR_INTERNAL, "not implemented yet");
	return cli_fail("diff");
}
