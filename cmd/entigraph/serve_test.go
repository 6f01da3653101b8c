package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startServe starts `entigraph serve` and returns its process, its stderr
// lines after the first, and the base URL the first names.
func startServe(t *testing.T, exe string, args ...string) (*exec.Cmd, chan string, string) {
	t.Helper()
	cmd := exec.Command(exe, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	lines := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	// The line naming the address (log lines may come before it).
	serving := regexp.MustCompile(`^entigraph: serving .* on (http://127\.0\.0\.1:\d+/)`)
	timeout := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("serve ended without naming its address")
			}
			if m := serving.FindStringSubmatch(l); m != nil {
				return cmd, lines, m[1]
			}
		case <-timeout:
			t.Fatal("serve named no address for 30 s")
		}
	}
}

// TestServe runs `entigraph serve` as a process on the seeds' store: it
// answers a search, refuses a write, and on SIGTERM (and SIGINT) stops
// cleanly with exit status 0 and a log line per request.
func TestServe(t *testing.T) {
	db := seedStore(t)
	_, exe := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd, lines, base := startServe(t, exe, "--db", db, "serve", "--addr", "127.0.0.1:0")
			resp, err := http.Get(base + "api/search?q=Putin")
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Entities []struct{ ID string } `json:"entities"`
			}
			err = json.NewDecoder(resp.Body).Decode(&got)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 || len(got.Entities) != 1 || got.Entities[0].ID != "person/vladimir-putin" {
				t.Errorf("search Putin: %d %+v %v", resp.StatusCode, got, err)
			}
			resp, err = http.Post(base+"api/search?q=Putin", "text/plain", strings.NewReader("x"))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("POST: %d", resp.StatusCode)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			// Read stderr to its end (the process closed it) before Wait,
			// which closes the pipe.
			var rest []string
			timeout := time.After(30 * time.Second)
		read:
			for {
				select {
				case l, ok := <-lines:
					if !ok {
						break read
					}
					rest = append(rest, l)
				case <-timeout:
					t.Fatal("serve did not stop within 30 s of the signal")
				}
			}
			if err := cmd.Wait(); err != nil {
				t.Errorf("exit: %v\n%s", err, strings.Join(rest, "\n"))
			}
			log := strings.Join(rest, "\n")
			for _, want := range []string{`path=/api/search query="q=Putin" status=200`, `method=POST path=/api/search query="q=Putin" status=405`, `msg="shutting down" reason=`} {
				if !strings.Contains(log, want) {
					t.Errorf("the log has no %q:\n%s", want, log)
				}
			}
		})
	}
}

// TestServeBesideIngest: an ingest into the store that serve serves gets
// through once serve has been idle for --idle, and serve then reads the
// store with the new document (through Gizmo, which reads the store as it
// is now).
func TestServeBesideIngest(t *testing.T) {
	db := seedStore(t)
	_, exe := buildBinary(t)
	_, _, base := startServe(t, exe, "--db", db, "serve", "--addr", "127.0.0.1:0", "--idle", "200ms")
	metMoreau := func() int {
		t.Helper()
		q := `g.V("<urn:entigraph:person/greta-lindqvist>").Both("<urn:entigraph:rel/met_with>").All()`
		resp, err := http.Get(base + "api/gizmo?q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var got struct{ Results []map[string]any }
		if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != 200 {
			t.Fatalf("gizmo: %d %v", resp.StatusCode, err)
		}
		return len(got.Results)
	}
	if n := metMoreau(); n != 0 {
		t.Fatalf("%d results before the ingest, want none", n)
	}
	doc := filepath.Join(t.TempDir(), "geneva.txt")
	if err := os.WriteFile(doc, []byte("Prime Minister Greta Lindqvist met President Farid Moreau in Geneva on Tuesday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, stderr, code := entigraph(t, "", "--db", db, "ingest", "-q", doc); code != 0 {
		t.Fatalf("ingest beside serve: %s", stderr)
	}
	el := time.Since(start)
	t.Logf("the ingest beside serve took %v", el)
	if el > 10*time.Second {
		t.Errorf("the ingest beside serve took %v", el)
	}
	if n := metMoreau(); n != 1 {
		t.Errorf("%d results after the ingest, want Farid Moreau", n)
	}
}
