// The part of ncursesw that Swift 6 cannot use directly: function-like macros (getmaxyx, COLOR_PAIR, A_*) and
// the globals stdscr, LINES, COLS, COLORS, which Swift 6 rejects as not concurrency-safe.
#ifndef ANDON_CNCURSESW_SHIM_H
#define ANDON_CNCURSESW_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE flags, which hides the wide-character API.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_colors(void) { return COLORS; }
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }
static inline void cnc_getmaxyx(WINDOW *win, int *y, int *x) { getmaxyx(win, *y, *x); }

static inline attr_t cnc_a_normal(void) { return A_NORMAL; }
static inline attr_t cnc_a_bold(void) { return A_BOLD; }
static inline attr_t cnc_a_dim(void) { return A_DIM; }
static inline attr_t cnc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cnc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cnc_a_blink(void) { return A_BLINK; }
static inline attr_t cnc_color_pair(int n) { return COLOR_PAIR(n); }

static inline void cnc_free_curterm(void) { del_curterm(cur_term); cur_term = NULL; }

static inline int cnc_key_resize(void) { return KEY_RESIZE; }

/// Writes one cell: a wide character with attributes and a colour pair.
static inline int cnc_put_cell(WINDOW *win, int y, int x, wchar_t ch, attr_t attrs, short pair) {
    cchar_t cell;
    wchar_t text[2] = {ch, L'\0'};
    setcchar(&cell, text, attrs, pair, NULL);
    return mvwadd_wch(win, y, x, &cell);
}

/* The bottom-right cell: inserting does not move the cursor, so the screen does not scroll. */
static inline int cnc_insert_cell(WINDOW *win, int y, int x, wchar_t ch, attr_t attrs, short pair) {
    cchar_t cell;
    wchar_t text[2] = {ch, L'\0'};
    setcchar(&cell, text, attrs, pair, NULL);
    return mvwins_wch(win, y, x, &cell);
}

/* After the process was stopped: adopt a size the terminal got meanwhile (1 when it changed), and have the
   next refresh repaint every cell. */
static inline int cnc_after_continue(void) {
    struct winsize ws;
    int changed = 0;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
        (ws.ws_row != LINES || ws.ws_col != COLS)) {
        resizeterm(ws.ws_row, ws.ws_col);
        changed = 1;
    }
    clearok(curscr, TRUE);
    return changed;
}

/* The width of the terminal on `fd`, or 0 when it is not a terminal. */
static inline int cnc_terminal_columns(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0) return ws.ws_col;
    return 0;
}

/* Ctrl-L: forget what the terminal shows and write every cell again. */
static inline void cnc_repaint(void) {
    clearok(curscr, TRUE);
    wrefresh(stdscr);
}

static inline int cnc_set_escdelay(int ms) { return set_escdelay(ms); }
static inline char *cnc_setlocale_all(void) { return setlocale(LC_ALL, ""); }

#endif
