// Command ferretdb-runner runs FerretDB v1 (MongoDB wire protocol) with its SQLite backend
// for the project's tests, through FerretDB's embeddable package.
//
// We do not use `go install github.com/FerretDB/FerretDB/cmd/ferretdb`: built outside FerretDB's
// own repository it panics at start (its generated build/version/version.txt is missing).
//
// Usage:
//
//	ferretdb-runner -listen-addr 127.0.0.1:27027 -data-dir /abs/dir   # serve until SIGTERM/SIGINT
//	ferretdb-runner -probe 127.0.0.1:27027                            # exit 0 if a wire-level ping answers ok
//
// Once the server answers a wire-level `ping` (which makes FerretDB touch its SQLite backend) on
// its own listener, the runner logs a line containing ReadyMarker; test/infra/ferretdb.sh waits
// for that line and then runs `-probe` itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// ReadyMarker is logged once the server answers a wire-level ping.
const ReadyMarker = "FERRETDB-RUNNER READY"

func main() {
	listenAddr := flag.String("listen-addr", "127.0.0.1:27027", "TCP address to listen on (host:port)")
	dataDir := flag.String("data-dir", "", "directory for the SQLite databases (created if missing; required to serve)")
	logLevel := flag.String("log-level", "info", "log level: debug, info, warn or error")
	probe := flag.String("probe", "", "probe mode: ping the MongoDB-wire server at this host:port, exit 0 if it answers ok")
	probeTimeout := flag.Duration("probe-timeout", 5*time.Second, "probe mode: overall timeout")
	flag.Parse()

	if *probe != "" {
		if err := ping(context.Background(), *probe, *probeTimeout); err != nil {
			fmt.Fprintf(os.Stderr, "ferretdb-runner: probe %s failed: %v\n", *probe, err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "ferretdb-runner: probe %s ok\n", *probe)
		return
	}

	if err := serve(*listenAddr, *dataDir, *logLevel); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-runner: %v\n", err)
		os.Exit(1)
	}
}

func serve(listenAddr, dataDir, logLevel string) error {
	if dataDir == "" {
		return errors.New("-data-dir is required")
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level %q: %w", logLevel, err)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}

	if err = os.MkdirAll(abs, 0o755); err != nil {
		return err
	}

	// FerretDB wants an existing directory as a "file:" URI whose path ends with "/".
	sqliteURL := "file:" + (&url.URL{Path: filepath.ToSlash(abs) + "/"}).EscapedPath()

	logger.Info("ferretdb-runner starting", "listen", listenAddr, "sqlite", sqliteURL, "pid", os.Getpid())

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listenAddr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	done := make(chan error, 1)

	go func() {
		done <- f.Run(ctx)
	}()

	go func() {
		for {
			if ctx.Err() != nil {
				return
			}

			if err := ping(ctx, listenAddr, 2*time.Second); err == nil {
				logger.Info(ReadyMarker, "uri", f.MongoDBURI())
				return
			}

			select {
			case <-ctx.Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()

	err = <-done
	logger.Info("ferretdb-runner stopped")

	return err
}

// ping connects to a MongoDB-wire server at addr (host:port) and runs `{ping: 1}` on `admin`.
func ping(ctx context.Context, addr string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	opts := options.Client().
		ApplyURI("mongodb://" + addr + "/").
		SetDirect(true).
		SetServerSelectionTimeout(timeout).
		SetConnectTimeout(timeout).
		SetMaxPoolSize(1)

	client, err := mongo.Connect(ctx, opts)
	if err != nil {
		return err
	}

	defer client.Disconnect(context.Background()) //nolint:errcheck // nothing to do about it

	var res bson.M
	if err = client.Database("admin").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Decode(&res); err != nil {
		return err
	}

	if ok, _ := res["ok"].(float64); ok != 1 {
		return fmt.Errorf("unexpected ping reply: %v", res)
	}

	return nil
}
