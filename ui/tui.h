/* SPDX-License-Identifier: ISC */
/* The terminal interface: panes behind one small interface, one main loop. */
#ifndef MEDIFLUX_TUI_H
#define MEDIFLUX_TUI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

#include <jansson.h>

#include "input.h"
#include "keymap.h"
#include "paths.h"
#include "query.h"

/* What a pane's key handler asks the main loop to do. */
#define R_NONE		0x0
#define R_HANDLED	0x1	/* the key was the pane's: no global action */
#define R_REDRAW	0x2
#define R_QUIT		0x4

struct app;

/*
 * One pane. init runs the first time the pane is shown; its state lives until
 * the program ends, so that a search or a drill-down is still there when the
 * user comes back. key receives every key with its action (ACT_NONE when the
 * keymap has none): a pane with a text field takes printable keys as text and
 * returns R_HANDLED. replay, when set, shows a history entry's parameters (the
 * same JSON the command line records). sample says whether the answer shown
 * is sample data: the flag is the answer's, not the database's.
 */
struct pane_ops {
	const char		*name;
	const char		*history;	/* pane name in history, or NULL */
	enum action		 action;	/* the key that shows it */
	const struct keytable	*keys;		/* its key table (help, first line, lookup) */
	void			*(*init)(struct app *);
	/* Draws inside the rectangle; status receives "ligne i/n" and the like. */
	void			 (*draw)(void *, int y, int x, int height,
				     int width, char *status, size_t statussize);
	int			 (*key)(void *, enum action, int key);
	void			 (*replay)(void *, const char *command,
				     const json_t *params);
	void			 (*free)(void *);
	/*
	 * Whether what the pane shows is made of sample data, for the status
	 * line's flag; NULL for a pane that shows no reference figures.
	 */
	int			 (*sample)(void *);
	/* The table of the mode the pane is in, when it has several; NULL: keys. */
	const struct keytable	*(*mode_keys)(void *);
	/*
	 * An idle second: R_REDRAW when what the pane shows changed meanwhile
	 * (another program wrote it); NULL when nothing can.
	 */
	int			 (*tick)(void *);
	/*
	 * Whether printable keys are text now (a field, a / search): the
	 * title bar then shows F2 to F7, which still work, rather than the
	 * digits, which type. NULL for a pane that never takes text.
	 */
	int			 (*typing)(void *);
};

/* A question on the status line: its text, the answer typed, what to do with it. */
struct prompt {
	char		*question;
	struct input	 answer;
	void		(*done)(struct app *, void *arg, const char *answer);
	void		*arg;
};

#define TUI_NPANES 7

struct app {
	char			*refdb_path;
	enum path_origin	 ref_origin;
	struct query_db		*q;		/* the reference database */
	char			*userdb_path;
	enum path_origin	 user_origin;
	sqlite3			*user;
	double			 last_query_ms;
	char			*message;	/* for the status line */
	int			 message_is_error;
	int			 mouse;

	int			 current;	/* index in tui_panes */
	void			*state[TUI_NPANES];
	int			 help;		/* help overlay shown */
	int			 help_top;	/* its first line shown */
	struct prompt		*prompt;	/* a question being answered */
	FILE			*timings;	/* MEDIFLUX_TIMINGS, for make bench */
};

extern const struct pane_ops pane_hospitals_ops;
extern const struct pane_ops pane_regions_ops;
extern const struct pane_ops pane_meds_ops;
extern const struct pane_ops pane_profile_ops;
extern const struct pane_ops pane_history_ops;
extern const struct pane_ops pane_data_ops;
extern const struct pane_ops pane_documents_ops;

/* The panes in key order: 1 to 5, then Données and Documents. */
extern const struct pane_ops *const tui_panes[TUI_NPANES];

/* Runs the interface on the resolved databases; returns the exit status. */
int	tui_run(const char *db_option, const char *user_db_option, int mouse);

/* Draws the help overlay generated from the keymap, for the pane shown. */
void	help_draw(int rows, int cols, const struct keytable *pane, int top);

/*
 * The help's first line after a scrolling action (arrows, pages, Home, End),
 * or -1 when the action does not scroll (it closes the help).
 */
int	help_scroll(int rows, const struct keytable *pane, int top,
	    enum action);

/* A message on the status line until the next key; errors stand out. */
/*
 * Speaks the profile's preferences.language, or the environment's language
 * when it has none: at start, and when the profile changes it.
 */
void	tui_apply_language(struct app *);
void	tui_message(struct app *, int error, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* The time of the last query, shown on the status line. */
void	tui_query_time(struct app *, double ms);

/*
 * Moves into the user database the entries commands of the command line
 * left pending meanwhile (history_pending.h); a failure is shown on the
 * status line, the entries staying pending.
 */
void	tui_history_fold(struct app *);

/*
 * Records a search, filter or drill-down in the user's history (params is
 * stolen); a failure is shown on the status line, never stops the pane.
 */
void	tui_record(struct app *, const char *pane, const char *command,
	    json_t *params, int64_t result_count, double duration_ms);

/*
 * Asks a question on the status line; done receives the answer (NULL when
 * cancelled with Esc or Ctrl-C). initial is the answer proposed.
 */
void	tui_ask(struct app *, const char *question, const char *initial,
	    void (*done)(struct app *, void *, const char *), void *arg);

/* Shows a pane (the first time, creates it) and returns its state. */
void	*tui_show(struct app *, const struct pane_ops *);

/*
 * Replays a history entry in the pane that recorded it (pane as history
 * stores it: "hospitals", "regions", "meds"); -1 when no pane replays it.
 */
int	 tui_replay(struct app *, const char *pane, const char *command,
	    const json_t *params);

/*
 * The e key of a list: asks for a file name (a dated one proposed in the
 * home directory) and writes the list's rows there as CSV.
 */
struct list;
void	 tui_export(struct app *, struct list *, const char *what);

#endif
