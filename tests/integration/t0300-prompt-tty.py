#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# t0300-prompt-tty.py: the prompt layer on a real pseudo-terminal (pexpect),
# driven through tests/tools/prompt-tool: the terminal MFA driver (echo,
# backspace, full-width digits, asking again), masked and silent input,
# terminal settings restored (stty -a before and after, also after ^C,
# SIGTERM and a ^Z stop), no controlling terminal, and the drivers that
# hand /dev/tty to their child (ykman, mfa_process).  Prints TAP.
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

try:
    import pexpect
except ImportError:
    print("1..0 # SKIP python3 pexpect is not installed")
    sys.exit(0)

TOOL = os.path.join(os.environ.get("AV_TOOLS_DIR", "build/tests/tools"),
                    "prompt-tool")
SERIAL = "arn:aws:iam::123456789012:mfa/alice"
MFA_PROMPT = "Enter MFA code for %s: " % SERIAL
STUBS = tempfile.mkdtemp(prefix="t0300.")
ENV = {
    "PATH": STUBS + ":/usr/bin:/bin",
    "HOME": STUBS,
    "LANG": "C.UTF-8",
    "TERM": "dumb",
}

# A recording stub: its argv one per line in <name>.log, whether stdin is a
# terminal in <name>.stdin; a line on stderr; $STUB_OUT on stdout.
STUB = r"""#!/bin/sh
d=${0%/*}
n=${0##*/}
: > "$d/$n.log"
for a in "$n" "$@"; do printf '%s\n' "$a" >> "$d/$n.log"; done
if [ -t 0 ]; then echo tty; else echo notty; fi > "$d/$n.stdin"
echo "Touch your YubiKey..." >&2
printf '%s\n' "${STUB_OUT-123456}"
"""


def stub(name):
    path = os.path.join(STUBS, name)
    with open(path, "w") as f:
        f.write(STUB)
    os.chmod(path, 0o755)


def q(s):
    return "'" + s.replace("'", "'\\''") + "'"


def spawn(script, env=None):
    """Run a sh script on a new pty; everything read is kept in .log."""
    child = pexpect.spawn("/bin/bash", ["-c", script], env=env or ENV,
                          encoding="utf-8", timeout=10,
                          dimensions=(24, 200))
    child.log = io.StringIO()
    child.logfile_read = child.log
    return child


def finish(child):
    child.expect(pexpect.EOF)
    child.close()
    return child.log.getvalue()


def tool(*args):
    return " ".join([q(TOOL)] + [q(a) for a in args])


def between(text, a, b):
    return text.split(a, 1)[1].split(b, 1)[0]


def stty_wrapped(cmd):
    """cmd between two `stty -a`, its status after; ^C does not kill the
    shell (a trapped signal is reset to the default in the child)."""
    return ("trap 'echo trapped' INT; stty -a; echo =A=; %s; echo \"rc=$?\";"
            " echo =B=; stty -a; echo =C=" % cmd)


def assert_restored(out):
    before = out.split("=A=", 1)[0]
    after = between(out, "=B=", "=C=")
    assert before.strip() == after.strip(), (before, after)
    assert "icanon" in after and " echo " in after and "icrnl" in after


def tool_pid(shell_pid):
    """The prompt-tool child of the shell."""
    for _ in range(100):
        path = "/proc/%d/task/%d/children" % (shell_pid, shell_pid)
        with open(path) as f:
            kids = f.read().split()
        if kids:
            return int(kids[0])
        time.sleep(0.05)
    raise AssertionError("no child")


# ---- the cases ----

def t_terminal_echo():
    c = spawn(stty_wrapped(tool("mfa", "terminal", SERIAL)))
    c.expect_exact(MFA_PROMPT)
    c.send("123456\r")
    out = finish(c)
    assert MFA_PROMPT + "123456\r\n" in out, out
    assert "[123456]" in out and "rc=0" in out
    assert_restored(out)


def t_terminal_backspace():
    c = spawn(tool("mfa", "terminal", SERIAL))
    c.expect_exact(MFA_PROMPT)
    c.send("12x\x7f34x\x0856\r")  # DEL and BS
    out = finish(c)
    assert "12x\b \b34x\b \b56\r\n" in out, repr(out)
    assert "[123456]" in out, out


def t_terminal_fullwidth():
    c = spawn(tool("mfa", "terminal", SERIAL))
    c.expect_exact(MFA_PROMPT)
    c.send("１２３\u3000４５６\r")
    out = finish(c)
    # echoed as typed
    assert "１２３\u3000４５６\r\n" in out, repr(out)
    assert "[123456]" in out, out


def t_terminal_asks_again():
    c = spawn(stty_wrapped(tool("mfa", "terminal", SERIAL)))
    c.expect_exact(MFA_PROMPT)
    c.send("12345\r")
    c.expect_exact("MFA code must be 6 digits, got 5\r\n" + MFA_PROMPT)
    c.send("12a456\r")
    c.expect_exact("MFA code contains 'a'\r\n" + MFA_PROMPT)
    c.send("654321\r")
    out = finish(c)
    assert "[654321]" in out and "rc=0" in out, out
    assert_restored(out)


def t_terminal_gives_up():
    c = spawn(tool("mfa", "terminal", SERIAL) + "; echo rc=$?")
    for _ in range(3):
        c.expect_exact(MFA_PROMPT)
        c.send("1234567\r")
    out = finish(c)
    assert out.count(MFA_PROMPT) == 3, out
    assert ("prompt-tool: MFA code must be 6 digits, got 7\r\nrc=1"
            in out), out
    assert "1234567\r\n" in out  # what was typed was echoed, not reported
    assert "got 7\r\n" in out and "'1234567'" not in out


def t_mask():
    c = spawn(stty_wrapped(tool("read", "mask", "Secret: ")))
    c.expect_exact("Secret: ")
    c.send("wJalr\x7fXU\r")
    out = finish(c)
    assert "Secret: *****\b \b**\r\n" in out, repr(out)
    assert "[wJalXU]" in out
    assert "wJal" not in out.split("[wJalXU]")[0]  # never shown
    assert_restored(out)


def t_silent():
    c = spawn(stty_wrapped(tool("read", "silent", "Passphrase: ")))
    c.expect_exact("Passphrase: ")
    c.send("hunter2\r")
    out = finish(c)
    assert "Passphrase: \r\n[hunter2]" in out, repr(out)
    assert_restored(out)


def t_echo_plain():
    c = spawn(stty_wrapped(tool("read", "trim", "Enter Access Key ID: ")))
    c.expect_exact("Enter Access Key ID: ")
    c.send("  AKIAEXAMPLE \r")
    out = finish(c)
    assert "Enter Access Key ID:   AKIAEXAMPLE \r\n[AKIAEXAMPLE]" in out, out
    assert_restored(out)


def t_confirm():
    for answer, want in (("Yes", "yes"), ("n", "no"), ("", "no")):
        c = spawn(tool("confirm", 'Delete credentials for profile "p"? '
                       "(y|N) "))
        c.expect_exact('Delete credentials for profile "p"? (y|N) ')
        c.send(answer + "\r")
        out = finish(c)
        assert "\r\n" + want + "\r\n" in out, (answer, out)


def t_ctrl_c_restores():
    c = spawn(stty_wrapped(tool("read", "mask", "Secret: ")))
    c.expect_exact("Secret: ")
    c.send("abc")
    c.expect_exact("***")
    c.sendintr()
    out = finish(c)
    assert "rc=130" in out, out  # died of SIGINT
    assert_restored(out)


def t_sigterm_restores():
    c = spawn(stty_wrapped(tool("read", "echo", "P: ")))
    c.expect_exact("P: ")
    os.kill(tool_pid(c.pid), signal.SIGTERM)
    out = finish(c)
    assert "rc=143" in out, out
    assert_restored(out)


def t_ctrl_z_restores_and_resumes():
    # Job control (set -m) so that the job's group is not orphaned and
    # ^Z really stops it; the shell then runs stty while it is stopped.
    c = spawn("set -m; stty -a; echo =A=; %s; echo \"rc=$?\"; echo =B=; "
              "stty -a; echo =C=; fg; echo \"rc=$?\"; echo =D=; stty -a"
              % tool("read", "echo", "P: "))
    c.expect_exact("P: ")
    c.send("4")
    c.expect_exact("4")
    c.sendcontrol("z")
    c.expect_exact("=C=")
    c.expect_exact("P: 4")  # shown again after fg
    c.send("2\r")
    out = finish(c)
    assert "rc=148" in out, out  # stopped by SIGTSTP
    assert_restored(out)  # stty while stopped
    assert "[42]" in out, out
    assert out.split("=A=")[0].strip() == out.split("=D=")[1].strip()


def t_no_tty():
    p = subprocess.run([TOOL, "mfa", "terminal", SERIAL], env=ENV,
                       stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, start_new_session=True, timeout=10)
    assert p.returncode == 1, p
    assert p.stderr == ("driver: terminal\nprompt-tool: open /dev/tty: "
                        "no such device or address\n"), p.stderr
    assert p.stdout == ""


def t_passphrase_stdin():
    # stdin is the terminal: prompt on stderr, no echo, untrimmed
    c = spawn(stty_wrapped(tool("passphrase", 'Enter passphrase to unlock '
                                '"/k/": ')))
    c.expect_exact('Enter passphrase to unlock "/k/": ')
    c.send(" pw \r")
    out = finish(c)
    assert '"/k/": \r\n[ pw ]' in out, repr(out)
    assert_restored(out)
    # stdin is a pipe: /dev/tty is used instead (Go would fail)
    c = spawn("echo nope | " + tool("passphrase", "PW: "))
    c.expect_exact("PW: ")
    c.send("pw\r")
    out = finish(c)
    assert "[pw]" in out and "nope" not in out, out


def t_ykman_gets_tty():
    stub("ykman")
    c = spawn(tool("mfa", "ykman", SERIAL) + " 2>/dev/null")
    out = finish(c)
    # stderr of ykman went to the terminal although ours is /dev/null
    assert "Touch your YubiKey..." in out, out
    assert "[123456]" in out
    with open(os.path.join(STUBS, "ykman.stdin")) as f:
        assert f.read() == "tty\n"
    with open(os.path.join(STUBS, "ykman.log")) as f:
        assert f.read() == ("ykman\noath\naccounts\ncode\n--single\n%s\n"
                            % SERIAL)


def t_process_gets_tty():
    c = spawn(tool("process", "[ -t 0 ] && echo tty >&2; "
                   "printf '１２３４５６\\n'")
              + " 2>/dev/null </dev/null")
    out = finish(c)
    assert "tty\r\n" in out and "[123456]" in out, out


def t_auto_selection():
    for name in ("zenity", "kdialog", "ykman"):
        stub(name)
    # stdout a terminal: terminal
    c = spawn(tool("mfa", "auto", SERIAL))
    c.expect_exact("driver: terminal")
    c.expect_exact(MFA_PROMPT)
    c.send("111111\r")
    out = finish(c)
    assert "[111111]" in out
    # stdout a pipe (credential_process): the first non-terminal driver
    c = spawn(tool("mfa", "auto", SERIAL) + " | cat")
    out = finish(c)
    assert "driver: kdialog" in out and "[123456]" in out, out
    with open(os.path.join(STUBS, "kdialog.log")) as f:
        assert f.read() == ("kdialog\n--inputbox\n%s\n--title\naws-vault\n"
                            % MFA_PROMPT)
    with open(os.path.join(STUBS, "kdialog.stdin")) as f:
        assert f.read() == "notty\n"  # dialogs get /dev/null
    # a server mode avoids terminal too
    c = spawn(tool("mfa", "auto", "server", SERIAL))
    out = finish(c)
    assert "driver: kdialog" in out, out
    # the list and the validation message
    c = spawn(tool("mfa", "nope", SERIAL) + "; echo rc=$?")
    out = finish(c)
    assert ("prompt-tool: --prompt value must be one of kdialog,terminal,"
            "ykman,zenity, got 'nope'\r\nrc=1") in out, out


CASES = [
    t_terminal_echo, t_terminal_backspace, t_terminal_fullwidth,
    t_terminal_asks_again, t_terminal_gives_up, t_mask, t_silent,
    t_echo_plain, t_confirm, t_ctrl_c_restores, t_sigterm_restores,
    t_ctrl_z_restores_and_resumes, t_no_tty, t_passphrase_stdin,
    t_ykman_gets_tty, t_process_gets_tty, t_auto_selection,
]


def main():
    if not os.access(TOOL, os.X_OK):
        print("1..0 # SKIP %s not built" % TOOL)
        return 0
    failed = 0
    print("1..%d" % len(CASES))
    for i, case in enumerate(CASES, 1):
        try:
            case()
            print("ok %d - %s" % (i, case.__name__))
        except Exception:
            failed += 1
            print("not ok %d - %s" % (i, case.__name__))
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        sys.stdout.flush()
    shutil.rmtree(STUBS, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
