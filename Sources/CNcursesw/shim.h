#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/* SwiftPM drops pkg-config's -D_XOPEN_SOURCE; without these the wide-character API is not declared. */
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Attribute macros Swift does not import. */
static inline attr_t shim_attr_bold(void) { return A_BOLD; }
static inline attr_t shim_attr_dim(void) { return A_DIM; }
static inline attr_t shim_attr_reverse(void) { return A_REVERSE; }
static inline attr_t shim_attr_underline(void) { return A_UNDERLINE; }

/* Mouse masks Swift does not import: the left button's press. */
static inline mmask_t shim_mouse_left_press(void) { return BUTTON1_PRESSED; }

/* Whether the current terminal can move the cursor (terminfo "cup"); TERM=dumb cannot. */
static inline int shim_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

/* One wide character with attributes and an extended colour pair (> 255 pairs): the pair number
   goes through setcchar's opts pointer, as ncurses' extended-colour API specifies. */
static inline int shim_setcchar(cchar_t *cell, wchar_t glyph, attr_t attrs, int pair) {
    wchar_t text[2] = { glyph, L'\0' };
    return setcchar(cell, text, attrs, (short)(pair > 0x7fff ? 0 : pair), &pair);
}

/* SIGINT, SIGTERM, SIGHUP (the terminal closed, an ssh drop) and SIGQUIT (Ctrl-\\) recorded in a
   flag the input loop polls (a handler may do nothing more); the loop gives the terminal back and
   exits 128+n. SIGQUIT would otherwise run the Swift runtime's backtracer over the raw-mode screen,
   which waits for a key. A SIGHUP ignored at start (nohup) stays ignored. Suspend and resume
   (SIGTSTP, SIGCONT) are left to ncurses' own handler, which restores the terminal, stops, and
   repaints the whole screen on `fg`: it is installed because SIGTSTP is still SIG_DFL here.
   The flag is `static`: call both functions from one Swift file so they share one copy. */
static volatile sig_atomic_t shim_signal_received = 0;
static void shim_on_signal(int sig) { shim_signal_received = sig; }
static inline void shim_watch_signals(void) {
    struct sigaction action, previous;
    memset(&action, 0, sizeof action);
    action.sa_handler = shim_on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGQUIT, &action, NULL);
    if (sigaction(SIGHUP, NULL, &previous) == 0 && previous.sa_handler != SIG_IGN) sigaction(SIGHUP, &action, NULL);
}
static inline int shim_take_signal(void) {
    int sig = shim_signal_received;
    shim_signal_received = 0;
    return sig;
}
/* A crash (a Swift trap, SIGSEGV, …) must not leave the terminal wrecked: while the screen is ours,
   a handler puts back the shell's terminal modes and writes the terminal's own "leave" sequences
   (sgr0, cnorm, rmkx, rmcup, mouse reporting off) with async-signal-safe calls only, then dies of the
   signal by its default action. */
/* All crash-handling state lives in one function-local static: Swift's importer emits those with the
   function, where it would leave file-level arrays undefined at link time. */
#define SHIM_CRASH_SIGNALS 6
struct shim_crash_state {
    int signals[SHIM_CRASH_SIGNALS];
    struct sigaction previous[SHIM_CRASH_SIGNALS];
    struct termios shell_modes;
    int have_shell_modes;
    char leave[512];
    size_t leave_length;
};
static inline struct shim_crash_state *shim_crash(void) {
    static struct shim_crash_state state = { { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT } };
    return &state;
}

static void shim_on_crash(int sig) {
    struct shim_crash_state *state = shim_crash();
    if (state->have_shell_modes) tcsetattr(STDIN_FILENO, TCSANOW, &state->shell_modes);
    if (state->leave_length > 0) { ssize_t ignored = write(STDOUT_FILENO, state->leave, state->leave_length); (void)ignored; }
    signal(sig, SIG_DFL);   /* not the Swift backtracer: on a terminal it waits for a key */
    raise(sig);
}

static inline void shim_append_leave(const char *value) {
    struct shim_crash_state *state = shim_crash();
    if (value == NULL || value == (char *)-1) return;
    size_t length = strlen(value);
    if (state->leave_length + length >= sizeof state->leave) return;
    memcpy(state->leave + state->leave_length, value, length);
    state->leave_length += length;
}

/* Call before the screen starts: remembers the shell's terminal modes. */
static inline void shim_remember_shell_modes(void) {
    struct shim_crash_state *state = shim_crash();
    state->have_shell_modes = tcgetattr(STDIN_FILENO, &state->shell_modes) == 0;
}

/* Call once the screen is up (terminfo loaded): builds the leave sequence and installs the handlers. */
static inline void shim_watch_crashes(void) {
    struct shim_crash_state *state = shim_crash();
    state->leave_length = 0;
    shim_append_leave(tigetstr("sgr0"));
    shim_append_leave(tigetstr("cnorm"));
    shim_append_leave(tigetstr("rmkx"));
    shim_append_leave(tigetstr("rmcup"));
    shim_append_leave("\033[?1000l\033[?1002l\033[?1006l");
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = shim_on_crash;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < SHIM_CRASH_SIGNALS; i++) sigaction(state->signals[i], &action, &state->previous[i]);
}

/* Call after the screen is given back: the previous handlers again. */
static inline void shim_unwatch_crashes(void) {
    struct shim_crash_state *state = shim_crash();
    for (int i = 0; i < SHIM_CRASH_SIGNALS; i++) sigaction(state->signals[i], &state->previous[i], NULL);
    state->leave_length = 0;
}

/* Temporary files in flight: a headless command registers the file it stages its output in, and
   SIGINT or SIGTERM before the rename removes it, then the process dies of the signal as before
   (exit status 128+n). Paths are copied into fixed buffers at registration, so the handler only
   reads them and calls unlink, sigaction and raise, all async-signal-safe. The handlers are
   installed with the first registration and the previous ones put back with the last
   unregistration; a signal that was ignored stays ignored. Registration is for one thread at a
   time. State lives in one function-local static, as for the crash handler: call these from one
   Swift file. */
#define SHIM_TEMP_SLOTS 4
#define SHIM_TEMP_PATH_MAX 4096
struct shim_temp_state {
    int active[SHIM_TEMP_SLOTS];
    char paths[SHIM_TEMP_SLOTS][SHIM_TEMP_PATH_MAX];
    int registered;
    int signals[2];
    int installed[2];
    struct sigaction previous[2];
};
static inline struct shim_temp_state *shim_temps(void) {
    static struct shim_temp_state state = { .signals = { SIGINT, SIGTERM } };
    return &state;
}

/* Removes every registered file (what the handler does first). */
static inline void shim_temp_remove_all(void) {
    struct shim_temp_state *state = shim_temps();
    for (int i = 0; i < SHIM_TEMP_SLOTS; i++) {
        if (__atomic_load_n(&state->active[i], __ATOMIC_ACQUIRE)) unlink(state->paths[i]);
    }
}

static void shim_on_temp_signal(int sig) {
    struct shim_temp_state *state = shim_temps();
    shim_temp_remove_all();
    for (int i = 0; i < 2; i++) {
        if (state->signals[i] == sig) sigaction(sig, &state->previous[i], NULL);   /* the default, as a rule */
    }
    raise(sig);   /* delivered when this handler returns */
}

/* Registers `path`; returns its slot for shim_temp_unregister, or -1 when the path is too long or
   every slot is taken (the file is then not removed on a signal). */
static inline int shim_temp_register(const char *path) {
    struct shim_temp_state *state = shim_temps();
    size_t length = strlen(path);
    if (length >= SHIM_TEMP_PATH_MAX) return -1;
    for (int slot = 0; slot < SHIM_TEMP_SLOTS; slot++) {
        if (state->active[slot]) continue;
        memcpy(state->paths[slot], path, length + 1);
        __atomic_store_n(&state->active[slot], 1, __ATOMIC_RELEASE);
        if (state->registered++ == 0) {
            struct sigaction action;
            memset(&action, 0, sizeof action);
            action.sa_handler = shim_on_temp_signal;
            sigemptyset(&action.sa_mask);
            for (int i = 0; i < 2; i++) {
                sigaction(state->signals[i], NULL, &state->previous[i]);
                state->installed[i] = state->previous[i].sa_handler != SIG_IGN;
                if (state->installed[i]) sigaction(state->signals[i], &action, NULL);
            }
        }
        return slot;
    }
    return -1;
}

/* Forgets a slot (its file was renamed into place or removed); the last one puts the previous
   handlers back. */
static inline void shim_temp_unregister(int slot) {
    struct shim_temp_state *state = shim_temps();
    if (slot < 0 || slot >= SHIM_TEMP_SLOTS || !state->active[slot]) return;
    __atomic_store_n(&state->active[slot], 0, __ATOMIC_RELEASE);
    if (--state->registered == 0) {
        for (int i = 0; i < 2; i++) {
            if (state->installed[i]) sigaction(state->signals[i], &state->previous[i], NULL);
            state->installed[i] = 0;
        }
    }
}

/* Whether the handlers are installed now (for tests). */
static inline int shim_temp_watching(void) {
    struct shim_temp_state *state = shim_temps();
    struct sigaction current;
    sigaction(SIGTERM, NULL, &current);
    return current.sa_handler == shim_on_temp_signal;
}
#endif
