package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServe runs `entigraph serve` as a process on the seeds' store: it
// answers a search, refuses a write, and on SIGTERM (and SIGINT) stops
// cleanly with exit status 0 and a log line per request.
func TestServe(t *testing.T) {
	db := seedStore(t)
	_, exe := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(exe, "--db", db, "serve", "--addr", "127.0.0.1:0")
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			lines := make(chan string, 100)
			go func() {
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			var base string
			select {
			case l := <-lines:
				m := regexp.MustCompile(`serving .* on (http://127\.0\.0\.1:\d+/)`).FindStringSubmatch(l)
				if m == nil {
					t.Fatalf("first line: %q", l)
				}
				base = m[1]
			case <-time.After(30 * time.Second):
				t.Fatal("serve said nothing for 30 s")
			}
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
