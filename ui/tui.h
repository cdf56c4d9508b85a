/* The terminal interface: panes behind one small interface, one main loop. */
#ifndef MEDIFLUX_TUI_H
#define MEDIFLUX_TUI_H

#include <sqlite3.h>

#include "keymap.h"
#include "paths.h"

/* What a pane's key handler asks the main loop to do. */
#define R_NONE		0x0
#define R_HANDLED	0x1
#define R_REDRAW	0x2
#define R_QUIT		0x4

struct app;

struct pane_ops {
	const char	*name;
	void		*(*init)(struct app *);
	/* Draws inside the rectangle; status receives "ligne i/n" and the like. */
	void		 (*draw)(void *, int y, int x, int height, int width,
			     char *status, size_t statussize);
	int		 (*key)(void *, enum action, int key);
	void		 (*free)(void *);
};

struct app {
	char			*refdb_path;
	enum path_origin	 ref_origin;
	sqlite3			*ref;
	char			*userdb_path;
	enum path_origin	 user_origin;
	sqlite3			*user;
	int			 sample;
	int			 data_year;
	double			 last_query_ms;
	char			*message;	/* error for the status line */

	const struct pane_ops	*pane;
	void			*pane_state;
	int			 help;		/* help overlay shown */
};

extern const struct pane_ops pane_data_ops;

/* Runs the interface on the resolved databases; returns the exit status. */
int	tui_run(const char *db_option, const char *user_db_option);

/* Draws the help overlay generated from the keymap. */
void	help_draw(int rows, int cols);

#endif
