// Package serve is entigraph's read-only HTTP server: a JSON API over a
// store (entity search, one entity, relations with their evidence,
// neighbours, paths, the current view in any export format, Gizmo) and the
// viewer, a static page embedded in the binary (docs/api.md).
//
// Nothing it answers writes: every method but GET and HEAD is refused with
// 405, and the server reads through a Source, the store's read methods.
// Every request has a deadline and a cap on the size of its answer; bad
// parameters are answered 400 with a message, as JSON {"error": "..."}.
package serve

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/entigraph/entigraph/graph"
)

// Options set the server's limits. The zero value of a field means its
// default.
type Options struct {
	// Timeout is each request's deadline (default 10 s). A request past
	// it is answered 503 with a message.
	Timeout time.Duration
	// GizmoTimeout is a Gizmo query's time limit (default 5 s): the query
	// is stopped and answered 503 with a message.
	GizmoTimeout time.Duration
	// GizmoLimit caps a Gizmo query's results (default 1000); a request
	// may ask for fewer.
	GizmoLimit int
	// MaxBytes caps an answer's size (default 8 MiB): a larger one is
	// answered 422 with a message saying how to narrow the request.
	MaxBytes int
	// Logger gets one line per request (default slog.Default()).
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.GizmoTimeout <= 0 {
		o.GizmoTimeout = 5 * time.Second
	}
	if o.GizmoLimit <= 0 {
		o.GizmoLimit = 1000
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 8 << 20
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

//go:embed static
var static embed.FS

// Server answers the API and serves the viewer. It is an http.Handler.
type Server struct {
	src Source
	o   Options
	// counts are the store's Stats and when they were taken: counting
	// reads the whole store too, so /api/stats answers the last count
	// and counts again in the background when it is older than a minute.
	counts   atomic.Pointer[counts]
	counting atomic.Bool
	h        http.Handler
}

type counts struct {
	graph.Stats
	At time.Time `json:"at"`
}

// recount counts the store in the background, unless a count runs.
func (s *Server) recount() {
	if !s.counting.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.counting.Store(false)
		defer func() {
			if p := recover(); p != nil {
				s.o.Logger.Error("panic counting the store", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			}
		}()
		st, err := s.src.Stats(context.Background())
		if err != nil {
			s.o.Logger.Error("counting the store", "err", err)
			return
		}
		s.counts.Store(&counts{st, time.Now().UTC()})
	}()
}

// New returns a server over src.
func New(ctx context.Context, src Source, o Options) (*Server, error) {
	s := &Server{src: src, o: o.withDefaults()}
	s.recount()
	mux := http.NewServeMux()
	for path, h := range map[string]handler{
		"/api/stats":      s.stats,
		"/api/ontology":   s.ontology,
		"/api/search":     s.search,
		"/api/entity":     s.entity,
		"/api/relations":  s.relations,
		"/api/neighbours": s.neighbours,
		"/api/path":       s.path,
		"/api/view":       s.view,
		"/api/gizmo":      s.gizmo,
	} {
		mux.Handle("GET "+path, s.api(h))
	}
	mux.Handle("GET /api/", s.api(func(r *http.Request) (*answer, error) {
		return nil, &apiError{http.StatusNotFound, "no API endpoint " + r.URL.Path + " (see docs/api.md)"}
	}))
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	files := http.FileServerFS(sub)
	mux.Handle("GET /", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	}))
	s.h = s.logged(s.readOnly(mux))
	return s, nil
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

// Run serves on ln until ctx is done, then shuts down gracefully: it stops
// accepting, lets the requests under way finish (for up to the request
// timeout) and returns.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      s.o.Timeout + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.o.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.o.Logger.Info("shutting down", "reason", context.Cause(ctx))
	sctx, cancel := context.WithTimeout(context.Background(), s.o.Timeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}

// readOnly refuses every method but GET and HEAD.
func (s *Server) readOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed: this server is read-only (GET and HEAD only)")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// recorder notes the status and size of an answer, for the log.
type recorder struct {
	http.ResponseWriter
	status, bytes int
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(p)
	r.bytes += n
	return n, err
}

// logged logs one line per request, and answers 500 for a handler that
// panicked (the panic and its stack are logged).
func (s *Server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.o.Logger.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if rec.status == 0 {
					writeError(rec, http.StatusInternalServerError, "internal error")
				}
			}
			s.o.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
				"status", rec.status, "bytes", rec.bytes, "ms", float64(time.Since(start).Microseconds())/1000,
				"remote", r.RemoteAddr)
		}()
		next.ServeHTTP(rec, r)
	})
}

// An answer is a handler's reply: its media type, an optional file name
// (sent as an attachment) and what writes its body.
type answer struct {
	ctype    string
	filename string
	body     func(io.Writer) error
}

func jsonAnswer(v any) *answer {
	return &answer{ctype: "application/json; charset=utf-8", body: func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(v)
	}}
}

// apiError is an error with the status it is answered with.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

type handler func(r *http.Request) (*answer, error)

// errTooLarge is capBuffer's error past its cap.
var errTooLarge = errors.New("answer too large")

// capBuffer is a buffer that refuses to grow past max bytes.
type capBuffer struct {
	bytes.Buffer
	max int
}

func (b *capBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.max {
		return 0, errTooLarge
	}
	return b.Buffer.Write(p)
}

// api runs h under the request's deadline, writes its answer into a
// buffer capped at MaxBytes, and sends it, or the error as JSON.
func (s *Server) api(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.o.Timeout)
		defer cancel()
		r = r.WithContext(ctx)
		type result struct {
			buf    *capBuffer
			a      *answer
			err    error
			panicv any
			stack  []byte
		}
		done := make(chan result, 1)
		// The handler runs in a goroutine of its own so that a reader that
		// does not watch ctx (a Graphviz render) cannot hold the answer
		// past the deadline: it finishes on its own, and its answer is
		// dropped.
		go func() {
			var res result
			defer func() {
				if p := recover(); p != nil {
					res.panicv, res.stack = p, debug.Stack()
				}
				done <- res
			}()
			res.a, res.err = h(r)
			if res.err == nil {
				res.buf = &capBuffer{max: s.o.MaxBytes}
				res.err = res.a.body(res.buf)
			}
		}()
		var res result
		select {
		case res = <-done:
		case <-ctx.Done():
			res.err = ctx.Err()
		}
		if res.panicv != nil {
			s.o.Logger.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(res.panicv), "stack", string(res.stack))
			writeError(w, http.StatusInternalServerError, fmt.Sprintf("internal error: %v", res.panicv))
			return
		}
		if res.err != nil {
			status, msg := s.status(res.err)
			if status >= 500 {
				s.o.Logger.Error("request failed", "path", r.URL.Path, "err", res.err)
			}
			writeError(w, status, msg)
			return
		}
		w.Header().Set("Content-Type", res.a.ctype)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-store")
		if res.a.filename != "" {
			w.Header().Set("Content-Disposition", `attachment; filename="`+res.a.filename+`"`)
		}
		w.Header().Set("Content-Length", strconv.Itoa(res.buf.Len()))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(res.buf.Bytes())
		}
	})
}

// status maps an error to its status and message.
func (s *Server) status(err error) (int, string) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae.status, ae.msg
	case errors.Is(err, errTooLarge):
		return http.StatusUnprocessableEntity, fmt.Sprintf("the answer is larger than this server's cap of %d bytes: narrow the request (a lower max_nodes, depth or limit, or filters)", s.o.MaxBytes)
	case errors.Is(err, graph.ErrNoEntity):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, fmt.Sprintf("the request took longer than this server's limit of %v: narrow it, or try again", s.o.Timeout)
	case errors.Is(err, context.Canceled):
		return 499, "request cancelled"
	}
	return http.StatusInternalServerError, err.Error()
}

// writeError writes {"error": msg} with status.
func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(struct {
		Error string `json:"error"`
	}{msg})
}
