import Foundation

/// How Zimbra treats items of a bundle that are already in the mailbox (`resolve=`).
public enum UploadResolve: String, Sendable, CaseIterable {
  /// Keep what is there, add the rest (Zimbra's default).
  case skip
  /// Update the existing items in place.
  case modify
  /// Delete the existing items and add the bundle's.
  case replace
  /// Empty the target folder and everything below it first (the whole mailbox for `/`).
  case reset
}

/// The settings an upload script is written with: where to send, as whom, how.
public struct UploadScriptOptions: Sendable {
  /// The server's base URL, e.g. `https://mail.example.com:7071`, without a trailing `/`.
  public var server: String
  /// The admin account that authenticates every request.
  public var admin: String
  /// The absolute path of the file holding the admin password, read by the script at run time.
  public var passfile: String
  /// `resolve=` for the bundles.
  public var resolve: UploadResolve = .skip
  /// Users uploaded at once.
  public var jobs = 4

  /// Settings with the default resolve (`skip`) and 4 users at once.
  public init(server: String, admin: String, passfile: String) {
    var trimmed = server
    while trimmed.hasSuffix("/") { trimmed.removeLast() }
    self.server = trimmed
    self.admin = admin
    self.passfile = passfile
  }
}

/// The POSIX `sh` script that uploads an `UploadPlan` to Zimbra's REST import (docs/upload.md).
public struct UploadScript: Sendable {
  /// The users and files to send.
  public var plan: UploadPlan
  /// Where and how.
  public var options: UploadScriptOptions

  /// The `callback=` name that makes Zimbra answer per-item errors in the body.
  static let callback = "zmigrateUpload"

  /// A script for `plan` with `options`.
  public init(plan: UploadPlan, options: UploadScriptOptions) {
    self.plan = plan
    self.options = options
  }

  /// `text` as one single-quoted `sh` word (`'` written as `'\''`).
  public static func quoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// `address` as a URL path segment: letters, digits, `@` and `-._~+` kept, the rest
  /// percent-encoded.
  static func pathSegment(_ address: String) -> String {
    let kept = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@-._~+".utf8)
    return address.utf8.map {
      kept.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0)
    }.joined()
  }

  /// The path and query `item` is posted to (empty for a folders file); `first` says whether it is
  /// the user's first bundle part, the only one `resolve=reset` is sent with.
  func target(of item: UploadItem, user: String, first: Bool) -> String {
    let home = "/home/" + Self.pathSegment(user)
    let callback = "&callback=" + Self.callback
    switch item.kind {
    case .folders:
      return ""
    case .bundle:
      let resolve = options.resolve == .reset && !first ? UploadResolve.replace : options.resolve
      return home + "/?fmt=\(item.format ?? "tgz")&resolve=\(resolve.rawValue)" + callback
    case .contacts:
      return home + "/Contacts?fmt=csv" + callback
    case .tasks:
      return home + "/Tasks?fmt=ics" + callback
    }
  }

  /// The items of `user` in the order the script sends them: as planned, except that with
  /// `resolve=reset` the folders file runs after the first part (which empties the mailbox).
  func ordered(_ user: UploadUser) -> [UploadItem] {
    guard options.resolve == .reset,
      let folders = user.items.firstIndex(where: { $0.kind == .folders }),
      let first = user.items.firstIndex(where: { $0.kind == .bundle })
    else { return user.items }
    var items = user.items
    let moved = items.remove(at: folders)
    items.insert(moved, at: first)
    return items
  }

  /// The script's text.
  public func render() -> String {
    var users = ""
    for (index, user) in plan.users.enumerated() {
      users += "user_\(index + 1)() {\n  U=\(Self.quoted(user.address))\n"
      var sawBundle = false
      for item in ordered(user) {
        let target = target(of: item, user: user.address, first: !sawBundle)
        if item.kind == .bundle { sawBundle = true }
        users +=
          "  item \(item.kind.rawValue) \(Self.quoted(item.path)) \(item.size) \(item.sha256) \(Self.quoted(target)) || return 1\n"
      }
      users += "}\n"
    }
    let itemCount = plan.users.reduce(0) { $0 + $1.items.count }
    let header = """
      #!/bin/sh
      # Written by zmigrate \(ZMigrateVersion.current) upload-script (users: \(plan.users.count), files: \(itemCount))
      # to \(options.server) as \(options.admin) (docs/upload.md).
      #
      # Usage: sh upload.sh [--dry-run] [--jobs N]
      #
      # Each file is checked against the size and SHA-256 below, sent with curl, and recorded in
      # upload.done (beside this script) once the server accepted it; running the script again
      # sends only what is not recorded there. The admin password is read at run time from the
      # password file below into a private curl config file: it is never on a command line.
      # Exit status: 0 everything sent (or sent before); 1 something failed (listed at the end);
      # 2 bad usage or nothing could be started.
      # ZMIGRATE_UPLOAD_ATTEMPTS (default 5) and ZMIGRATE_UPLOAD_DELAY (seconds, default 5,
      # doubled after each attempt) set the retries of connection failures and 5xx answers.

      SERVER=\(Self.quoted(options.server))
      ADMIN=\(Self.quoted(options.admin))
      PASSFILE=\(Self.quoted(options.passfile))
      JOBS=\(options.jobs)
      USERS=\(plan.users.count)

      """
    return header + Self.body + "\n# The users: each item is KIND PATH SIZE SHA256 TARGET.\n"
      + users
      + "\nmain \"$@\"\n"
  }

  /// Everything after the settings: the functions that check, send and record.
  static let body = #"""
    set -u
    ATTEMPTS=${ZMIGRATE_UPLOAD_ATTEMPTS:-5}
    DELAY=${ZMIGRATE_UPLOAD_DELAY:-5}
    DRY_RUN=0
    TMP=
    PIDS=
    CURL_PID=
    TAB=$(printf '\t')

    say() { printf '%s\n' "$*"; }
    warn() { printf 'upload.sh: %s\n' "$*" >&2; }

    usage() {
      say "usage: sh $0 [--dry-run] [--jobs N]"
      say "  --dry-run   list what would be sent and send nothing"
      say "  --jobs N    users uploaded at once (default $JOBS)"
    }

    # The outcome of one item: STATUS USER FILE MESSAGE, for the summary and upload.log (each a
    # line appended in one write, so the jobs' lines do not mix).
    record() {
      printf '%s\t%s\t%s\t%s\n' "$1" "$U" "$2" "$3" >>"$TMP/results"
      printf '%s %s %s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$U" "$2" "$3" >>"$LOG"
      say "$U: $2: $1${3:+ ($3)}"
    }

    sha256_of() {
      if command -v sha256sum >/dev/null 2>&1; then
        sha256sum <"$1"
      elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 <"$1"
      else
        openssl dgst -sha256 -r <"$1"
      fi | { read -r sum _rest; printf '%s\n' "$sum"; }
    }

    # The server's answer in $TMP/body.$N: an error? Zimbra faults, error codes, callback 'fail'.
    body_failed() {
      grep -E -q "soap:Fault|\"Fault\"|<Fault|\('fail'|(mail|service|formatter|account)\.[A-Z_]{4,}" "$TMP/body.$N"
    }
    body_warned() { grep -q "('warn'" "$TMP/body.$N"; }
    body_text() { tr -s '\r\n\t' '   ' <"$TMP/body.$N" | cut -c1-300; }

    # post PATH TARGET CONTENT-TYPE SIZE: sends the file, retrying connection failures and 5xx
    # answers without a Zimbra fault; sets ANSWER to the HTTP status (000 when none) and TRIES.
    # The file goes through curl's standard input with its length (-T FILE would add the file's
    # name to a URL ending in /, and --data-binary @FILE would read it all into memory).
    post() {
      TRIES=0
      wait_for=$DELAY
      while :; do
        TRIES=$((TRIES + 1))
        : >"$TMP/body.$N"
        curl -sS -K "$TMP/curl.cfg" -X POST -H 'Expect:' -H 'Transfer-Encoding:' \
          -H "Content-Length: $4" -H "Content-Type: $3" -T - -o "$TMP/body.$N" \
          -w '%{http_code}' --connect-timeout 30 "$SERVER$2" \
          <"$1" >"$TMP/code.$N" 2>"$TMP/curlerr.$N" &
        CURL_PID=$!
        wait "$CURL_PID"
        rc=$?
        CURL_PID=
        ANSWER=$(cat "$TMP/code.$N" 2>/dev/null)
        [ -n "$ANSWER" ] || ANSWER=000
        retry=0
        case $rc in
          0) case $ANSWER in 5??) body_failed || retry=1 ;; esac ;;
          5 | 6 | 7 | 18 | 28 | 35 | 52 | 55 | 56) retry=1 ;;
        esac
        if [ "$retry" = 0 ] || [ "$TRIES" -ge "$ATTEMPTS" ]; then
          CURL_RC=$rc
          return 0
        fi
        sleep "$wait_for"
        wait_for=$(awk "BEGIN { print $wait_for * 2 }")
      done
    }

    send_folders() {
      if ! command -v zmmailbox >/dev/null 2>&1; then
        record failed "$NAME" "zmmailbox is not on PATH: run this script on the Zimbra host as the zimbra user, or create the folders in $ITEM_PATH another way"
        return 1
      fi
      zmmailbox -z -m "$U" <"$ITEM_PATH" >"$TMP/body.$N" 2>&1
      rc=$?
      errors=$(grep 'ERROR' "$TMP/body.$N" | grep -v 'ALREADY_EXISTS' | head -n 3 | tr '\n' ' ')
      if [ "$rc" != 0 ] || [ -n "$errors" ]; then
        record failed "$NAME" "zmmailbox exit status $rc ${errors}"
        return 1
      fi
      OUTCOME="zmmailbox ran it"
      return 0
    }

    send_rest() {
      case $KIND in
        bundle) ctype=application/octet-stream ;;
        contacts) ctype='text/csv; charset=utf-8' ;;
        *) ctype='text/calendar; charset=utf-8' ;;
      esac
      post "$ITEM_PATH" "$TARGET" "$ctype" "$SIZE"
      tries="$TRIES attempts"
      [ "$TRIES" = 1 ] && tries="1 attempt"
      if [ "$CURL_RC" != 0 ]; then
        record failed "$NAME" "no answer from $SERVER after $tries: curl exit status $CURL_RC: $(head -n 1 "$TMP/curlerr.$N")"
        return 1
      fi
      case $ANSWER in
        2??)
          OUTCOME="HTTP $ANSWER, $tries"
          if body_warned; then
            WARNED="HTTP $ANSWER, $tries; the server left items out: $(body_text)"
          elif body_failed; then
            record failed "$NAME" "HTTP $ANSWER with an error: $(body_text)"
            return 1
          fi
          return 0 ;;
        *)
          record failed "$NAME" "HTTP $ANSWER after $tries: $(body_text)"
          return 1 ;;
      esac
    }

    # item KIND PATH SIZE SHA256 TARGET: one file of user $U, skipped when upload.done has it.
    item() {
      KIND=$1 ITEM_PATH=$2 SIZE=$3 TARGET=$5
      NAME=${ITEM_PATH##*/}
      key=$(printf '%s\t%s\t%s\t%s\t%s' "$U" "$KIND" "$NAME" "$3" "$4")
      if [ -f "$DONE" ] && grep -F -x -q -e "$key" "$DONE"; then
        record skipped "$NAME" "already in upload.done"
        return 0
      fi
      if [ ! -f "$ITEM_PATH" ]; then
        record failed "$NAME" "missing: $ITEM_PATH"
        return 1
      fi
      size=$(($(wc -c <"$ITEM_PATH")))
      if [ "$size" != "$3" ] || [ "$(sha256_of "$ITEM_PATH")" != "$4" ]; then
        record failed "$NAME" "changed since the script was written (size or SHA-256 differ): write the script again"
        return 1
      fi
      if [ "$DRY_RUN" = 1 ]; then
        if [ "$KIND" = folders ]; then
          here=
          command -v zmmailbox >/dev/null 2>&1 || here="; zmmailbox is not on PATH here: it would fail"
          record would-send "$NAME" "zmmailbox -z -m $U < $ITEM_PATH$here"
        else
          record would-send "$NAME" "$3 bytes to $SERVER$TARGET"
        fi
        return 0
      fi
      WARNED= OUTCOME=
      if [ "$KIND" = folders ]; then
        send_folders || return 1
      else
        send_rest || return 1
      fi
      printf '%s\n' "$key" >>"$DONE"
      if [ -n "$WARNED" ]; then
        record warned "$NAME" "$WARNED"
      else
        record sent "$NAME" "$OUTCOME"
      fi
      return 0
    }

    # One user in the background: its items in order; after a failure the rest wait for a re-run.
    run_user() {
      N=$1
      trap '[ -n "$CURL_PID" ] && kill "$CURL_PID" 2>/dev/null; exit 143' TERM
      if ! "user_$N"; then
        printf 'stopped\t%s\t-\t-\n' "$U" >>"$TMP/results"
      fi
    }

    stop() {
      trap - INT TERM
      [ -n "$PIDS" ] && kill $PIDS 2>/dev/null
      wait
      warn "stopped; items in flight are sent again by the next run"
      exit "$1"
    }

    count() { grep -c "^$1$TAB" "$TMP/results"; }

    main() {
      while [ $# -gt 0 ]; do
        case $1 in
          -n | --dry-run) DRY_RUN=1 ;;
          --jobs) [ $# -ge 2 ] || { usage >&2; exit 2; }; JOBS=$2; shift ;;
          --jobs=*) JOBS=${1#--jobs=} ;;
          -h | --help) usage; exit 0 ;;
          *) warn "unknown option $1"; usage >&2; exit 2 ;;
        esac
        shift
      done
      case $JOBS in '' | *[!0-9]* | 0) warn "--jobs takes a number of at least 1"; exit 2 ;; esac
      case $ATTEMPTS in '' | *[!0-9]* | 0) warn "ZMIGRATE_UPLOAD_ATTEMPTS takes a number of at least 1"; exit 2 ;; esac
      case $DELAY in '' | *[!0-9.]*) warn "ZMIGRATE_UPLOAD_DELAY takes a number of seconds"; exit 2 ;; esac
      case $0 in */*) HERE=${0%/*} ;; *) HERE=. ;; esac
      HERE=$(cd "$HERE" && pwd) || exit 2
      DONE=$HERE/upload.done
      LOG=$HERE/upload.log
      umask 077
      TMP=$(mktemp -d "${TMPDIR:-/tmp}/zmigrate-upload.XXXXXX") || { warn "cannot make a temporary directory"; exit 2; }
      trap 'rm -rf "$TMP"' EXIT
      trap 'stop 130' INT
      trap 'stop 143' TERM
      if [ "$DRY_RUN" = 0 ]; then
        command -v curl >/dev/null 2>&1 || { warn "curl is not installed"; exit 2; }
        [ -r "$PASSFILE" ] || { warn "cannot read the password file $PASSFILE"; exit 2; }
        # The password goes from the file to the config through sed's input, never an argument.
        {
          printf 'user = "'
          printf '%s:' "$ADMIN" | sed 's/[\\"]/\\&/g' | tr -d '\n'
          head -n 1 <"$PASSFILE" | tr -d '\r\n' | sed 's/[\\"]/\\&/g' | tr -d '\n'
          printf '"\n'
        } >"$TMP/curl.cfg"
        if [ "$(head -n 1 <"$PASSFILE" | tr -d '\r\n' | wc -c)" -eq 0 ]; then
          warn "the password file $PASSFILE is empty"
          exit 2
        fi
      fi
      : >"$TMP/results"
      mkfifo "$TMP/slots" || exit 2
      exec 3<>"$TMP/slots"
      i=0
      while [ "$i" -lt "$JOBS" ]; do echo >&3; i=$((i + 1)); done
      n=1
      while [ "$n" -le "$USERS" ]; do
        read -r _slot <&3
        (run_user "$n"; echo >&3) &
        PIDS="$PIDS $!"
        n=$((n + 1))
      done
      wait
      exec 3>&-
      sent=$(count sent) warned=$(count warned) skipped=$(count skipped)
      failed=$(count failed) stopped=$(count stopped) planned=$(count would-send)
      while IFS=$TAB read -r status user name message; do
        case $status in
          failed) say "failed: $user $name: $message" ;;
          warned) say "warning: $user $name: $message" ;;
          stopped) say "not finished: $user (stopped at the failed file; the next run goes on from there)" ;;
        esac
      done <"$TMP/results"
      if [ "$DRY_RUN" = 1 ]; then
        say "dry run: $planned to send, $skipped skipped (already in upload.done), $failed failed; nothing sent"
      else
        say "summary: $sent sent, $warned sent with warnings, $skipped skipped (already in upload.done), $failed failed, $stopped users not finished"
      fi
      [ $((failed + warned + stopped)) = 0 ]
    }
    """#
}
