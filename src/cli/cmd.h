/*
 * cmd.h - the subcommands; each returns the process exit status
 */
#ifndef SCAPULA_CMD_H
#define SCAPULA_CMD_H

/* Exit statuses (as oscap): 0 ok, 2 finished with findings / differences, 1 error, 64 usage. */
#define EXIT_OK 0
#define EXIT_ERROR 1
#define EXIT_FINDINGS 2
#define EXIT_USAGE 64

int cmd_stigs(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_facts(int argc, char **argv);
int cmd_bind(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_tailor(int argc, char **argv);

/* Print the current error as "scapula: CMD: message" once; returns EXIT_ERROR (EXIT_USAGE for usage errors). */
int cli_fail(const char *cmd);

/* Map an opt_parse return to an exit status, or -1 to carry on. */
int cli_opt_status(int parse_ret);

#endif
