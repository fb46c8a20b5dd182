#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/* SwiftPM drops pkg-config's -D_XOPEN_SOURCE; without these the wide-character API is not declared. */
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Attribute macros Swift does not import. */
static inline attr_t shim_attr_bold(void) { return A_BOLD; }
static inline attr_t shim_attr_dim(void) { return A_DIM; }
static inline attr_t shim_attr_reverse(void) { return A_REVERSE; }
static inline attr_t shim_attr_underline(void) { return A_UNDERLINE; }

/* Mouse masks Swift does not import: the left button's press. */
static inline mmask_t shim_mouse_left_press(void) { return BUTTON1_PRESSED; }

/* One wide character with attributes and an extended colour pair (> 255 pairs): the pair number
   goes through setcchar's opts pointer, as ncurses' extended-colour API specifies. */
static inline int shim_setcchar(cchar_t *cell, wchar_t glyph, attr_t attrs, int pair) {
    wchar_t text[2] = { glyph, L'\0' };
    return setcchar(cell, text, attrs, (short)(pair > 0x7fff ? 0 : pair), &pair);
}

/* SIGINT / SIGTERM recorded in a flag the input loop polls (a handler may do nothing more).
   The flag is `static`: call both functions from one Swift file so they share one copy. */
static volatile sig_atomic_t shim_signal_received = 0;
static void shim_on_signal(int sig) { shim_signal_received = sig; }
static inline void shim_watch_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = shim_on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}
static inline int shim_take_signal(void) {
    int sig = shim_signal_received;
    shim_signal_received = 0;
    return sig;
}
#endif
