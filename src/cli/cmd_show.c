/* cmd_show.c - placeholder so the tree builds while the command is written */
#include "cmd.h"
#include "error.h"

int cmd_show(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	error_set(ERR_INTERNAL, "not implemented yet");
	return cli_fail("show");
}
