/* fault-matrix.h: what the fault matrices share: the faults, the wait for
 * the server to reach an element, the judgement of an error, the table.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-test-cli.h"
#include "signet-test-server.h"

G_BEGIN_DECLS

typedef enum
{
  FAULT_MATRIX_DROP,
  FAULT_MATRIX_DELAY,
  FAULT_MATRIX_GARBLE,
  FAULT_MATRIX_WRONG,
  FAULT_MATRIX_KILL,
  FAULT_MATRIX_N_FAULTS
} FaultMatrixFault;

/* "dropped", "delayed", "garbled", "wrong reply", "killed" */
extern const char * const fault_matrix_fault_names[FAULT_MATRIX_N_FAULTS];

/* One cell: a fault at the @element-th element (from 1) of a flow. */
typedef struct
{
  int              flow;
  guint            element;
  FaultMatrixFault fault;
} FaultMatrixCell;

/* How long a cell waits for the server to reach its element: far beyond a
 * flow's time on a busy machine. */
#define FAULT_MATRIX_LINE_TIMEOUT_SECONDS 60

/* Whether @fault applies to the element named @name ("C …" from the
 * client, "S …" from the server): garbled and wrong replies are what a
 * server sends. */
gboolean    fault_matrix_applies         (const char       *name,
                                          FaultMatrixFault  fault);
/* g_test_init() with the test's own folders, the secrets audit's log
 * writer, and no proxy resolver: GSETTINGS_SCHEMA_DIR holds only Signet's
 * schema, GNOME's resolver aborts without its own, and loopback needs
 * none. */
void        fault_matrix_init            (int                *argc,
                                          char             ***argv);
/* Removes @dir with all it holds (the clean runs' folder), and frees it. */
void        fault_matrix_remove_dir      (char               *dir);

/* Adds @func, audited for secrets, as "/@prefix/FLOW/ELEMENT/FAULT" for each
 * cell: every element of the @n_flows flows (@elements[flow], found by a
 * clean run, "C …" or "S …" each) under every fault that applies to it.
 * The cells go to @cells, which frees them. */
void        fault_matrix_add_cells       (GPtrArray          *cells,
                                          const char         *prefix,
                                          GPtrArray         **elements,
                                          const char * const *flow_names,
                                          int                 n_flows,
                                          GTestDataFunc       func);
/* Whether @server printed @line (a prefix of one of its lines will do). */
gboolean    fault_matrix_server_said     (SignetTestServer *server,
                                          const char       *line);
/* Whether @server printed @line before @process ended or the deadline
 * passed: a client that fails before the element (or never gets there)
 * makes its cell fail with what it printed, instead of a wait forever. */
gboolean    fault_matrix_wait_for_line   (SignetTestServer *server,
                                          GSubprocess      *process,
                                          const char       *line);

/* Adds to @args (NULL-terminated when done, by the caller) the devserver
 * options that hit the @element-th element of a Kontalk connection with
 * @fault: dropped, held for @delay_ms (also for a kill), its answer
 * garbled, or an empty result instead of one. */
void        fault_matrix_add_kontalk_fault (GPtrArray        *args,
                                            guint             element,
                                            FaultMatrixFault  fault,
                                            guint             delay_ms);
/* Ends @process into @run: for a kill once the server printed @line (and
 * also when it never does: a stuck client must not outlive its cell).
 * Returns whether the server printed @line; *@condition is the error's
 * condition, "(killed)" for a signal, or NULL. */
gboolean    fault_matrix_run_faulted     (SignetTestServer *server,
                                          GSubprocess      *process,
                                          const char       *line,
                                          FaultMatrixFault  fault,
                                          SignetTestCliRun *run,
                                          char            **condition);

/* NULL when the faulted run ended as every fault must: killed by the test
 * (and only then by a signal), or a non-zero exit with a condition of its own, and one that says what
 * happened for a cut (connection-closed), a silence (timeout) and a
 * garbled reply (malformed-reply); otherwise the verdict ("FAIL: …"). */
const char *fault_matrix_judge_error     (FaultMatrixFault  fault,
                                          int               status,
                                          gboolean          killed,
                                          const char       *condition);

typedef struct
{
  GPtrArray *rows;
  guint      n_failed;
} FaultMatrixTable;

void        fault_matrix_table_init      (FaultMatrixTable *table);
void        fault_matrix_table_clear     (FaultMatrixTable *table);
/* One row; a @verdict starting with "FAIL" counts as a failed cell. */
void        fault_matrix_table_add_row   (FaultMatrixTable *table,
                                          const char       *verdict,
                                          const char       *format,
                                          ...) G_GNUC_PRINTF (3, 4);
/* Prints @caption, @header, a rule under it and every row, each line
 * behind "# " for TAP; then fails the test if a cell failed. */
void        fault_matrix_table_check     (FaultMatrixTable *table,
                                          const char       *caption,
                                          const char       *header);

G_END_DECLS
