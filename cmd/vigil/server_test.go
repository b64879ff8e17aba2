package main

import (
	"bufio"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"testing"
	"time"
)

func TestServer_HasTimeoutsAgainstSlowClients(t *testing.T) {
	hs := newHTTPServer("localhost:0", http.NotFoundHandler(), slog.Default(), serverTimeouts)
	for name, d := range map[string]time.Duration{"ReadHeaderTimeout": hs.ReadHeaderTimeout, "ReadTimeout": hs.ReadTimeout,
		"WriteTimeout": hs.WriteTimeout, "IdleTimeout": hs.IdleTimeout} {
		if d <= 0 || d > 2*time.Minute {
			t.Errorf("%s = %s, want a bound of at most two minutes", name, d)
		}
	}
	if hs.ReadHeaderTimeout > 10*time.Second {
		t.Errorf("ReadHeaderTimeout = %s: a slow client holds a connection that long without sending a request", hs.ReadHeaderTimeout)
	}
}

// slowServer serves h with limits lim through the server's own constructor.
func slowServer(t *testing.T, h http.Handler, lim timeouts) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := newHTTPServer(ln.Addr().String(), h, slog.New(slog.NewTextHandler(io.Discard, nil)), lim)
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return ln.Addr().String()
}

// trickle sends chunks one at a time, a pause apart, until the server hangs
// up; it reports whether it did before the client gave up (after patience).
func trickle(t *testing.T, addr string, chunks func(i int) string, patience time.Duration) bool {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	closed := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, bufio.NewReader(conn)) // returns once the server closes the connection
		close(closed)
	}()
	giveUp := time.After(patience)
	for i := 0; ; i++ {
		select {
		case <-closed:
			return true
		case <-giveUp:
			return false
		case <-time.After(20 * time.Millisecond):
		}
		if _, err := conn.Write([]byte(chunks(i))); err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			<-closed
			return true
		}
	}
}

// TestServer_SlowlorisHeadersAreCutOff: a client that trickles its header a
// byte at a time is disconnected once the header timeout passes.
func TestServer_SlowlorisHeadersAreCutOff(t *testing.T) {
	addr := slowServer(t, http.NotFoundHandler(), timeouts{readHeader: 300 * time.Millisecond})
	request := "GET / HTTP/1.1\r\nHost: vigil\r\n"
	header := func(i int) string {
		if i < len(request) {
			return request[i : i+1]
		}
		return "X-Slow: a\r\n"[i%11 : i%11+1]
	}
	if !trickle(t, addr, header, 10*time.Second) {
		t.Fatal("a client trickling its header was still connected after 10 s")
	}
}

// TestServer_UnfinishedBodyIsCutOff: a client that announces a body and
// never finishes sending it is disconnected once the read timeout passes.
func TestServer_UnfinishedBodyIsCutOff(t *testing.T) {
	read := func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			return
		}
	}
	addr := slowServer(t, http.HandlerFunc(read), timeouts{readHeader: time.Second, read: 500 * time.Millisecond})
	request := "POST / HTTP/1.1\r\nHost: vigil\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
	body := func(i int) string {
		if i == 0 {
			return request
		}
		return "a"
	}
	if !trickle(t, addr, body, 10*time.Second) {
		t.Fatal("a client never finishing its body was still connected after 10 s")
	}
}
