#!/usr/bin/env bash
# End-to-end: the real binary in a private tmux. Opens on the seed example, takes → b + n ? q, and
# checks the screen after each key, the exit status (0, 130 on Ctrl-C, 143 on SIGTERM, 139 on a
# crash) and that the
# terminal was restored; also the too-small screen and the not-a-terminal message.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=${RNNSCOPE_BIN:-.build/debug/rnnscope}   # RNNSCOPE_BIN: another build of it
[ -x "$bin" ] || { echo "tui.sh: $bin is missing (swift build first)"; exit 1; }
sock="rnnscope-e2e-$$"
T() { tmux -L "$sock" -f /dev/null "$@"; }
failures=0
fail() { echo "tui.sh FAIL: $*"; echo "--- screen ---"; T capture-pane -p -t e2e 2>/dev/null; echo "--------------"; failures=$((failures + 1)); }

# The pane runs a wrapper that records the exit status in a file: tmux 3.3a here sometimes leaves the
# exited program unreaped, so #{pane_dead_status} stays empty. The wrapper ignores SIGINT itself
# (Ctrl-C reaches the whole foreground group); rnnscope installs its own handler regardless.
tmp=$(mktemp -d); trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
cat >"$tmp/run.sh" <<WRAP
trap '' INT
env TERM=tmux-256color LANG=C.UTF-8 \$(cat "$tmp/env" 2>/dev/null) "$PWD/$bin" "\$@"
echo \$? >"$tmp/status"
WRAP

# Starts the binary with arguments "$@" in a fresh pane of COLS×ROWS (globals).
start() {
  T kill-server 2>/dev/null
  rm -f "$tmp/status"
  T new-session -d -s e2e -x "$COLS" -y "$ROWS" || { echo "tui.sh: tmux failed"; exit 1; }
  T set-option -t e2e remain-on-exit on >/dev/null
  T respawn-pane -k -t e2e "sh $tmp/run.sh $*"
}
# The pid of rnnscope (the wrapper's child).
program_pid() { pgrep -P "$(T display -p -t e2e '#{pane_pid}')"; }
# Waits (5 s at most) until the screen contains the fixed string $1.
wait_for() {
  timeout 5 bash -c "until tmux -L '$sock' -f /dev/null capture-pane -p -t e2e | grep -qF -- \"\$0\"; do sleep 0.05; done" "$1" \
    || { fail "screen never showed '$1' ($2)"; return 1; }
}
# Waits until the program has exited and checks its status ($1) and that the terminal was restored.
expect_exit() {
  timeout 5 bash -c "until [ -s '$tmp/status' ]; do sleep 0.05; done" || { fail "did not exit ($2)"; return; }
  local status alt
  status=$(cat "$tmp/status")
  alt=$(T display -p -t e2e '#{alternate_on}')
  [ "$status" = "$1" ] || fail "exit status $status, expected $1 ($2)"
  [ "$alt" = 0 ] || fail "terminal left in the alternate screen ($2)"
}
key() { T send-keys -t e2e "$@"; }

# The main walk: → b + n ? q at 100×30.
COLS=100 ROWS=30
start
wait_for "RNN(1, 10, num_layers=2, batch_first=True)" "first frame" && wait_for "t=0" "first frame"
key Right;  wait_for "t=1" "after →"
key b;      wait_for "bidirectional=True)" "after b" && wait_for "layer 0 · reverse" "after b"
key +;      wait_for "num_layers=3" "after +" && wait_for "layer 2 · forward" "after +"
key n;      wait_for "relu scale -" "after n" && wait_for "(h ≥ 0)" "after n"
key d;      wait_for "training mode: dropout is 0" "after d" && wait_for "   train" "after d"
key '?';    wait_for "Esc or ? closes" "after ?"
key q;      expect_exit 0 "q"

# The debugging views at 100×30: e steps the execution order, o marks output/h_n, t the timeline,
# Enter the inspector, Esc back to the panes; --example sine opens the trained model.
start
wait_for "t=0" "first frame"
key b;      wait_for "bidirectional=True)" "b before e"
key e;      wait_for "step=0/80  nothing computed yet" "after e"
key Right Right Right; wait_for "step=3/80  layer 0 forward t=2" "after e →→→"
key End;    wait_for "step=80/80  layer 1 reverse t=0" "after End in exec"
key Left;   wait_for "step=79/80  layer 1 reverse t=1" "after ← in exec"
key o;      wait_for "h_n (4, 1, 10) = [l0 fwd t=19, l0 rev t=0, l1 fwd t=19, l1 rev t=0]" "after o" \
              && wait_for "→ output[0, 1, 10:20]" "after o (pane note, PyTorch's index for batch_first)"
key e;      wait_for "mode time" "after e again"
key t;      wait_for "timeline  layer 1 reverse" "after t"
key Enter;  wait_for "inspector  unit 0 · layer 1 reverse" "after Enter" && wait_for "terms of the pre-activation" "after Enter"
key Escape; wait_for "layer 0 · reverse" "after Esc"
key q;      expect_exit 0 "q after the debugging views"
start --example sine
wait_for "RNN(1, 16, num_layers=2, batch_first=True)" "--example sine" && wait_for "T=40" "--example sine"
key q;      expect_exit 0 "q on the sine example"
# The render flags open the screen where they point; the keys go on from there.
start --example sine --t 12 --unit 3 --body inspector
wait_for "t=12" "--t 12" && wait_for "inspector  unit 3 · layer 0 forward" "--body inspector --unit 3"
key Right;  wait_for "t=13" "→ after opening at t=12"
key NPage;  wait_for "t=23" "PgDn steps 10"
key q;      expect_exit 0 "q after opening at a state"

# m cycles the module on the real screen: an LSTM's gates and cell state, a GRU's gates, and back.
start
wait_for "t=0" "first frame before m"
key m;      wait_for "LSTM(1, 10, num_layers=2, batch_first=True)" "after m" && wait_for "│ c0 " "after m (LSTM rows: c0 at t=0)" \
              && wait_for "h_n (2, 1, 10), c_n (2, 1, 10)" "after m (c_n)"
key Right;  wait_for "→ h_t = +" "after m → (border)" && wait_for "│ c_t-1 " "after m → (c_t-1)"
key t T T T; wait_for "f_t (T: h c i f g o) per unit over t" "timeline of the forget gate"
key Escape m; wait_for "GRU(1, 10, num_layers=2, batch_first=True)" "after m m" && wait_for "z_t" "after m m (GRU rows)"
key n;      wait_for "GRU has no nonlinearity to choose" "n on a GRU"
key m;      wait_for "RNN(1, 10, num_layers=2, batch_first=True)" "after m m m"
key q;      expect_exit 0 "q after cycling the modules"

# Issue 11's live keys: f swaps batch_first over the same data, s the scale; the tour's stops and Esc.
start
wait_for "t=0" "first frame before f"
key f;      wait_for "RNN(1, 10, num_layers=2)   " "after f (repr)" && wait_for "input (20, 1, 1) = (T, N, D)" "after f (input)"
key s;      wait_for "tanh scale (run's range)" "after s"
key q;      expect_exit 0 "q after f and s"
start tour
wait_for "1/6 The eight parameters" "tour stop 1"
key Right;  wait_for "2/6 The notes' two examples" "tour →" && wait_for "RNN(10, 20, num_layers=2)" "tour stop 2's model"
key Left;   wait_for "1/6 The eight parameters" "tour ←"
key Escape; wait_for "the tour is over" "Esc leaves the tour"
key Right;  wait_for "t=1" "→ steps t after the tour"
key q;      expect_exit 0 "q after the tour"
start tour --lang ko
wait_for "1/6 여덟 개의 파라미터" "the Korean tour"
key q;      expect_exit 0 "q on the Korean tour"

# What-if: a z edit x_t at the cursor and the screen compares at once; u undoes; c cycles A, B, Δ.
start
wait_for "t=0" "first frame before edits"
key l l l l l; wait_for "t=5" "→ to t=5"
key a;      wait_for "edited x_t[0] at t=5" "after a" && wait_for "Δ = B − A scale" "after a (Δ legend)"
key c;      wait_for "showing run A" "c → A"
key c;      wait_for "showing run B" "c → B"
key u;      wait_for "no edits left: one run again" "after u" && wait_for "tanh scale -1" "after u (one run)"
key q;      expect_exit 0 "q after edits"
start --compare-seed 3
wait_for "A vs B = seed 3 · Δ · max|Δh|" "--compare-seed"
key q;      expect_exit 0 "q after --compare-seed"

# A long sequence opens with its progress on screen, and q quits at once while it computes; Esc
# gives up a slow key's work and keeps the screen as it was.
start --input-size 8 --hidden-size 256 --num-layers 2 --bidirectional --seq-len 40000 --batch 1
wait_for "opening: running the network…" "progress while opening"
key q;      expect_exit 0 "q while opening"
# A slow rebuild (r reseeds this model: seconds of work) is given up by Esc within a second.
start --input-size 8 --hidden-size 256 --num-layers 2 --bidirectional --seq-len 6000 --batch 1
wait_for "T=6000" "a model that takes a while to open"
key r;      wait_for "computing…" "progress while reseeding"
asked=$(date +%s%N); key Escape
wait_for "given up: the screen shows what it had before the key" "Esc gives up the rebuild"
[ $(( ($(date +%s%N) - asked) / 1000000 )) -lt 1000 ] || fail "Esc took more than a second to give up the rebuild"
key q;      expect_exit 0 "q after giving up"

# A capture of two recurrent modules: M switches the screen between them.
start --capture "$(pwd)/Tests/RecurrentIOTests/Fixtures/capture/two_modules.safetensors" --prefix enc
wait_for "GRU(4, 5)" "the captured encoder"
key M;      wait_for "module 2 of 2:" "M → the decoder"
key q;      expect_exit 0 "q after M"

# --example chars opens a character LSTM on its text view, on the unit scripts/train_chars.py reports;
# > moves to the next unit, w goes back to the panes.
COLS=120 ROWS=40
opens_on=$(tr -d '\n ' < examples/chars_units.json | sed 's/.*"lstm":{//' | grep -o '"opens_on":{[^}]*' | head -1)
unit=$(echo "$opens_on" | grep -o '"unit":[0-9]*' | cut -d: -f2)
series=$(echo "$opens_on" | grep -o '"series":"[a-z]*"' | cut -d'"' -f4)
start --example chars
wait_for "LSTM(32, 128, batch_first=True)" "--example chars" && wait_for "${series}_t[$unit] of layer 0 forward on ±" "the reported unit"
key '>';    wait_for "${series}_t[$((unit + 1))] of layer 0 forward on ±" "> on the text view"
key w;      wait_for "layer 0 · forward" "w back to the panes"
key q;      expect_exit 0 "q after --example chars"

# Under the C locale (LANG unset in many containers) the lines and glyphs still show.
echo "LC_ALL=C LANG=C" >"$tmp/env"
start; wait_for "┌ layer 1 · forward" "box lines under LC_ALL=C" && wait_for "←→ step" "arrows under LC_ALL=C"
key q;      expect_exit 0 "q under LC_ALL=C"
# A terminal that cannot move the cursor is refused in one line rather than drawn blank.
echo "TERM=dumb" >"$tmp/env"
start "2>$tmp/stderr"; expect_exit 1 "TERM=dumb"
grep -q "^rnnscope: TERM=dumb cannot move the cursor" "$tmp/stderr" || fail "TERM=dumb: no message"
rm -f "$tmp/env"

# Resize redraws (down to the too-small message and back); space plays on its own.
start; wait_for "t=0" "first frame"
T resize-window -t e2e -x 70 -y 20; wait_for "have 70×20" "after shrinking"
T resize-window -t e2e -x 120 -y 40; wait_for "layer 1 · forward" "after growing"
key Space;  wait_for "▶ playing" "after space" && wait_for "t=3" "while playing"
key q;      expect_exit 0 "q after playing"

# Ctrl-C and SIGTERM restore the terminal and exit 130 / 143.
start; wait_for "t=0" "first frame"; key C-c; expect_exit 130 "Ctrl-C"
start; wait_for "t=0" "first frame"; kill -TERM "$(program_pid)"; expect_exit 143 "SIGTERM"
# A crash (here a SIGSEGV from outside) still gives the terminal back, then dies of the signal.
start; wait_for "t=0" "first frame"; kill -SEGV "$(program_pid)"; expect_exit 139 "SIGSEGV"

# Under 80×24: the message, and q still quits.
COLS=60 ROWS=20
start; wait_for "terminal too small: need 80×24, have 60×20" "too small"; key q; expect_exit 0 "q on too small"

# Not a terminal: say so and point at render.
out=$($bin 2>&1 >/dev/null </dev/null); status=$?
[ "$status" = 1 ] || fail "not a terminal: exit status $status, expected 1"
echo "$out" | grep -q "not a terminal.*render" || fail "not-a-terminal message does not point at render: $out"

# stdin not a terminal (stdout is): refuse at once rather than spin on reads that return at once.
COLS=80 ROWS=24
start "</dev/null 2>$tmp/stderr"
expect_exit 1 "stdin from /dev/null"
grep -q "^rnnscope: stdin is not a terminal" "$tmp/stderr" || fail "stdin from /dev/null: no message"

# --- Hardening (issue 15): SIGHUP and SIGQUIT give the terminal back (cursor shown, keypad and mouse
# reporting off, main screen) and exit 129 / 131; Ctrl-Z leaves the screen to the shell and `fg`
# draws it again, keys and all.
COLS=100 ROWS=30
# A fresh server with session e2e running "$@" (retried while the last server is still going away).
new_session() {
  T kill-server 2>/dev/null
  rm -f "$tmp/status"
  for _ in $(seq 50); do T new-session -d -s e2e -x "$COLS" -y "$ROWS" "$@" 2>/dev/null && return; sleep 0.1; done
  echo "tui.sh: tmux failed"; exit 1
}
# Like start, but the pane stays alive after the program exits (a dead pane reports no modes).
start_held() {
  { cat "$tmp/run.sh"; echo "exec sleep 60"; } >"$tmp/run_held.sh"
  new_session "sh $tmp/run_held.sh $*"
}
# Whether the terminal is as a shell left it: cursor visible, keypad and mouse reporting off.
expect_restored() {
  local modes
  modes=$(T display -p -t e2e '#{cursor_flag} #{keypad_flag} #{mouse_any_flag}')
  [ "$modes" = "1 0 0" ] || fail "terminal modes '$modes' (cursor keypad mouse), expected '1 0 0' ($1)"
}
start_held; wait_for "t=0" "first frame"; kill -HUP "$(program_pid)"; expect_exit 129 "SIGHUP"; expect_restored "SIGHUP"
start_held; wait_for "t=0" "first frame"; kill -QUIT "$(program_pid)"; expect_exit 131 "SIGQUIT"; expect_restored "SIGQUIT"
T capture-pane -p -t e2e | grep -q "Backtrace\|Crash\|Press space" && fail "SIGQUIT drew the runtime's crash report"
# Suspend and resume under a job-control shell (the wrapper's own group cannot be stopped), the
# program alone in its job: a wrapper would stop first and let the shell write over the screen.
new_session "env PS1='e2e\$ ' bash --norc --noprofile -i"
wait_for 'e2e$' "job-control shell"
key "TERM=tmux-256color LANG=C.UTF-8 $PWD/$bin" Enter; wait_for "t=0" "first frame under bash"
key Right; wait_for "t=1" "→ before Ctrl-Z"
key C-z; wait_for "Stopped" "after Ctrl-Z"
[ "$(T display -p -t e2e '#{alternate_on}')" = 0 ] || fail "Ctrl-Z left the alternate screen on"
expect_restored "Ctrl-Z"
key "fg; echo resumed-exit-status=\$?" Enter; wait_for "t=1" "after fg" && wait_for "layer 1 · forward" "after fg (whole frame)"
[ "$(T display -p -t e2e '#{alternate_on} #{keypad_flag} #{mouse_any_flag}')" = "1 1 1" ] || fail "fg did not restore the screen's modes"
key Right; wait_for "t=2" "→ after fg"
key q; wait_for "resumed-exit-status=0" "q after Ctrl-Z and fg"
# While the screen says "terminal too small", keys change nothing unseen (q, ? and Esc still act).
COLS=60 ROWS=20
start; wait_for "terminal too small" "too small before keys"
key b B n r +; sleep 0.3
T resize-window -t e2e -x 100 -y 30; wait_for "layer 1 · forward" "after growing past too small"
T capture-pane -p -t e2e | grep -q "RNN(1, 10, num_layers=2, batch_first=True) .*seed 0" \
  || fail "keys acted on the too-small screen"
T capture-pane -p -t e2e | grep -q "^ tanh " || fail "n acted on the too-small screen"
key q; expect_exit 0 "q after keys on the too-small screen"

if [ "$failures" -gt 0 ]; then echo "tui.sh: $failures failure(s)"; exit 1; fi
echo "tui.sh: ok"
