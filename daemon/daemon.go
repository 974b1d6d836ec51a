// Package daemon wires breachd together: the store, NATS (embedded or
// external), the ingest pipeline and the HTTP API, with a lifecycle that a
// test can run in-process.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/rs/zerolog"

	"github.com/breachd/breachd/api"
	"github.com/breachd/breachd/cluster"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/ingest"
	"github.com/breachd/breachd/notify"
	"github.com/breachd/breachd/notify/slack"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/outbox"
	"github.com/breachd/breachd/playbooks"
	"github.com/breachd/breachd/respond"
	"github.com/breachd/breachd/runs"
	"github.com/breachd/breachd/store"
	"github.com/breachd/breachd/timers"
)

// Daemon is one running breachd.
type Daemon struct {
	cfg Config
	log zerolog.Logger
	now func() time.Time

	// Set by Start.
	store    *store.Store
	ns       *server.Server   // nil with an external server
	js       *jetStreamKeeper // the embedded server's JetStream; nil with an external server
	ids      *natsIdentities  // the embedded server's users; nil with an external server
	nc       *nats.Conn
	actNC    *nats.Conn // the example actuator's own, with the embedded server
	pipeline *ingest.Pipeline
	runs     *runs.Engine
	// console is the web console and its sign-in; nil until started.
	console *webConsole
	// checkpoints signs the timelines' heads; nil until the store is open.
	checkpoints *checkpointer
	// ha is this node's part in a cluster; nil on a single node.
	ha     *haNode
	http   *http.Server
	httpLn net.Listener
	cancel context.CancelFunc
	loops  sync.WaitGroup
	errc   chan error

	// handler is what the HTTP address serves: api.Starting while Start
	// waits (status says what for), then the API.
	handler atomic.Pointer[http.Handler]
	status  atomic.Value // string

	stopOnce sync.Once
	stopErr  error
}

// New returns a daemon for cfg that logs to log. It does nothing until Start.
func New(cfg Config, log zerolog.Logger) *Daemon {
	return &Daemon{cfg: cfg, log: log, now: time.Now, errc: make(chan error, 2)}
}

// Start opens the store, starts or connects to NATS, creates the streams,
// starts the pipeline and serves the API. On error everything already
// started is stopped again.
func (d *Daemon) Start(ctx context.Context) (err error) {
	defer func() {
		if err != nil {
			d.Kill()
		}
	}()
	cfg := &d.cfg
	rg, err := cfg.validateAndLoad()
	if err != nil {
		return err
	}
	if err := prepareDataDir(cfg.DataDir, d.log); err != nil {
		return err
	}
	// A node of a cluster opens its database once it knows the file is
	// one the state log applies to (ha.go): after NATS.
	if !cfg.clustered() {
		if err := d.openStore(store.Options{}); err != nil {
			return err
		}
	}

	// The HTTP address answers from now on: while breachd waits for an
	// external NATS server, /readyz says what it waits for.
	if err := d.listenHTTP(); err != nil {
		return err
	}

	natsLog := d.log.With().Str("component", "nats").Logger()
	if cfg.NATS.URL == "" {
		if d.ids, err = loadNATSIdentities(cfg.DataDir); err != nil {
			return err
		}
		writeErrs := make(chan string, 1)
		if d.ns, err = startEmbeddedNATS(cfg, d.ids, writeErrs, natsLog); err != nil {
			return err
		}
		if d.js, err = newJetStreamKeeper(d.ns, writeErrs, natsLog); err != nil {
			return err
		}
		if cfg.NATS.clustered() {
			if err := waitForJetStreamCluster(ctx, d.ns, &cfg.NATS, cfg.Ingest.StreamReplicas, d.setStatus); err != nil {
				return err
			}
		}
		opts := append(connectOptions(cfg, natsLog), nats.InProcessServer(d.ns),
			d.ids.option(IdentityBreachd))
		if d.nc, err = nats.Connect("", opts...); err != nil {
			return fmt.Errorf("connect to NATS: %w", err)
		}
	} else if d.nc, err = connectExternal(ctx, cfg, natsLog, d.setStatus); err != nil {
		return err
	}
	js, err := jetstream.New(d.nc)
	if err != nil {
		return fmt.Errorf("jetstream: %w", err)
	}
	var firstTerm *cluster.Term
	if cfg.clustered() {
		if firstTerm, err = d.joinCluster(ctx, js); err != nil {
			return err
		}
	}
	st := d.store
	d.setStatus("setting up the alert stream")
	// Checkpoints go to their own stream too, out of reach of whoever
	// has the data directory. Without it they are still in the file and
	// the log: an error, not a reason to stay down.
	if err := ensureCheckpointStream(ctx, js, cfg.Ingest.StreamReplicas); err != nil {
		d.log.Error().Err(err).Str("component", "checkpoint").Msg("checkpoints will not be published")
	} else {
		d.checkpoints.publish = func(ctx context.Context, line []byte) error {
			_, err := js.Publish(ctx, CheckpointSubject, line)
			return err
		}
	}
	if cfg.Runs.ExampleActuator {
		if err := d.startExampleActuator(); err != nil {
			return err
		}
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&incidentsCollector{store: st, now: d.now}, obligations.NewOverdueCollector(st, d.now))
	reg.MustRegister(rg.tracker.Collectors()...)
	reg.MustRegister(d.jetStreamCollectors()...)
	if d.ha != nil {
		reg.MustRegister(d.ha.collectors()...)
	}
	// Every change to an incident is committed by the use cases, which
	// run the hooks wired below; the outbox, the playbook engine and Slack
	// call them.
	rs, err := respond.New(st, respond.Options{Obligations: rg.tracker, Organisation: rg.organisation, Now: d.now},
		d.log.With().Str("component", "respond").Logger())
	if err != nil {
		return err
	}
	// The outbox next: everything built after it nudges it after a
	// commit. Actions wait for actuators (up to their step's timeout):
	// their own lane, so that no reminder or message waits behind them.
	outboxOpts := outbox.DefaultOptions()
	outboxOpts.Commit = rs
	worker := outbox.New(st, nil, d.now, outboxOpts, d.log.With().Str("component", "outbox").Logger(), reg)
	actions := worker.Lane(runs.ActionKind)
	wake := func() { worker.Wake(); actions.Wake() }

	set, err := d.loadPlaybooks()
	if err != nil {
		return fmt.Errorf("playbooks: %w", err)
	}
	d.runs, err = runs.New(st, runs.Options{Playbooks: set, Obligations: rg.tracker, Now: d.now, Respond: rs, Wake: wake},
		d.log.With().Str("component", "playbooks").Logger())
	if err != nil {
		return err
	}
	sl, err := d.newSlack(st, rs, d.runs, worker.Wake)
	if err != nil {
		return err
	}
	// What happens after every change, in order: playbooks start (for
	// alerts), then Slack is told of the change and of what the playbooks
	// recorded.
	web, err := d.newConsole(st, rs)
	if err != nil {
		return err
	}
	d.console = web
	// Open console pages hold event streams the shutdown would wait for.
	d.http.RegisterOnShutdown(web.pages.Close)
	hooks := respond.Hooks{d.runs}
	if sl != nil {
		hooks = append(hooks, sl)
	}
	// Open console pages are told last, once everything else is recorded.
	hooks = append(hooks, web.pages.Hook())
	rs.Wire(respond.Wiring{Hooks: hooks, Approvals: d.runs, Wake: wake})

	in := cfg.Ingest.Options()
	in.Now = d.now
	in.Hooks = rs.Hooks()
	in.Wake = wake
	in.Policy.DataMap = rg.dataMap
	key, err := st.RedactionKey()
	if err != nil {
		return err
	}
	if in.Policy.Redact, err = cfg.Ingest.Redactor(key); err != nil {
		return err
	}
	in.Obligations = rg.tracker
	setupCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	d.pipeline, err = ingest.New(setupCtx, js, st, in, d.log.With().Str("component", "ingest").Logger(), reg)
	if err != nil {
		return err
	}

	apiOpts := api.Options{Token: cfg.API.Token, Ready: d.ready, Now: d.now, Respond: rs, Metrics: reg,
		ReloadPlaybooks: d.ReloadPlaybooks, CheckpointDir: cfg.DataDir, NodeName: cfg.NATS.NodeName(), APIURL: cfg.HA.APIURL}
	if d.ha != nil {
		apiOpts.APIURL, apiOpts.Cluster = d.ha.api, d.ha.status
	}
	apiOpts.Mount = web.routes()
	if sl != nil && sl.HTTPEndpoints() {
		maps.Copy(apiOpts.Mount, sl.Routes())
	}
	apiSrv := api.New(apiOpts,
		st, d.pipeline.Publisher, reg,
		d.log.With().Str("component", "api").Logger())

	// Durable timers, of every kind, fire from one loop; each kind has its
	// handler: the obligations' reminders, overdue marks and
	// re-evaluations, and the playbooks' waits and approval expiries.
	timerSvc := timers.New(st, timers.Options{Now: d.now, Metrics: reg}, d.log.With().Str("component", "timers").Logger())
	timerSvc.Handle(obligations.NewDeadlines(rg.tracker, rs, reg), obligations.TimerKinds()...)
	timerSvc.Handle(d.runs, runs.TimerKinds()...)
	// Side effects leave through the outbox; each kind has its sender.
	// Playbook steps: actions to actuators over NATS (or webhooks),
	// messages to the log (and Slack).
	worker.Handle(runs.ActionKind, d.runs.Actions(d.nc, &http.Client{}))
	if sl == nil {
		worker.Handle(obligations.OutboxKind, obligations.Deliver(notify.NewLog(d.log)))
		worker.Handle(runs.NotifyKind, d.runs.Notices(runs.LogNotifier(d.log)))
	} else {
		worker.Handle(obligations.OutboxKind, obligations.Deliver(notify.Fanout(notify.NewLog(d.log), sl)))
		worker.Handle(runs.NotifyKind, d.runs.Notices(slackNotices(d.log, sl)))
		worker.Handle(slack.OutboxKind, sl)
	}

	// What only the node that writes runs: all of it on a single node,
	// the leader's on a cluster.
	lead := func(ctx context.Context) {
		var wg sync.WaitGroup
		wg.Go(func() {
			if err := d.pipeline.Run(ctx); err != nil {
				d.errc <- fmt.Errorf("ingest: %w", err)
			}
		})
		if sl != nil && sl.SocketMode() {
			wg.Go(func() { d.runSocketMode(ctx, sl) })
		}
		wg.Go(func() { worker.Run(ctx, cfg.ReminderInterval) })
		wg.Go(func() { actions.Run(ctx, cfg.ReminderInterval) })
		wg.Go(func() { timerSvc.Run(ctx, cfg.ReminderInterval) })
		wg.Go(func() { d.checkpoints.run(ctx, cfg.CheckpointInterval) })
		wg.Wait()
		// A leader that stops cleanly signs the heads it leaves, while
		// it still leads; one that lost the lease writes no more.
		if d.ha != nil && !st.Replica() {
			if err := d.checkpoints.take(); err != nil {
				d.log.Error().Err(err).Str("component", "checkpoint").Msg("checkpoint failed")
			}
		}
	}

	runCtx, cancelRun := context.WithCancel(context.Background())
	d.cancel = cancelRun
	if d.ha == nil {
		d.loops.Go(func() { lead(runCtx) })
	} else {
		d.loops.Go(func() {
			if err := d.ha.run(runCtx, firstTerm, lead); err != nil {
				d.errc <- fmt.Errorf("cluster: %w", err)
			}
		})
		d.loops.Go(func() { d.ha.watch(runCtx) })
	}
	d.loops.Go(func() { d.releaseMemory(runCtx) })
	if d.js != nil {
		d.loops.Go(func() { d.js.run(runCtx, d.pipeline.Reconsume) })
	}
	// The console's first Deadlines page would read every incident's
	// obligations; read them now instead.
	d.loops.Go(func() {
		if err := web.pages.Warm(); err != nil && runCtx.Err() == nil {
			d.log.Warn().Err(err).Str("component", "console").Msg("read the obligations for the console's Deadlines page")
		}
	})
	served := apiSrv.Handler()
	if d.ha != nil {
		served = d.ha.handler(served)
	}
	d.handler.Store(&served)
	d.logStarted()
	return nil
}

// openStore opens the database with opts, and the checkpointer that signs
// its timelines' heads.
func (d *Daemon) openStore(opts store.Options) error {
	st, err := store.Open(d.cfg.DBPath(), opts)
	if err != nil {
		return err
	}
	d.store = st
	d.checkpoints, err = newCheckpointer(st, d.cfg.DataDir, d.now, d.log.With().Str("component", "checkpoint").Logger())
	return err
}

// joinCluster makes this node one of a cluster: the database file made
// one the state log applies to (restored from the cluster's snapshot when
// it must be), then opened as a replica that publishes its writes to the
// log while it leads. It returns the lease when this node took it to seed
// the cluster.
func (d *Daemon) joinCluster(ctx context.Context, js jetstream.JetStream) (*cluster.Term, error) {
	d.setStatus("joining the cluster")
	apiURL := d.cfg.HA.APIURL
	if apiURL == "" {
		apiURL = "http://" + d.HTTPAddr()
	}
	n, err := openHANode(ctx, js, &d.cfg, apiURL, d.log.With().Str("component", "cluster").Logger())
	if err != nil {
		return nil, err
	}
	term, err := n.prepare(ctx, d.setStatus)
	if err != nil {
		return nil, err
	}
	// A record takes what a message may hold, less room for its headers.
	err = d.openStore(store.Options{Replica: true, Publish: n.publish, MaxChange: int(d.nc.MaxPayload()) - 4096})
	if err != nil {
		if term != nil {
			_ = term.Resign(context.WithoutCancel(ctx))
		}
		return nil, err
	}
	n.st = d.store
	d.ha = n
	return term, nil
}

// listenHTTP binds the API's address and serves api.Starting on it until
// Start puts the API in its place.
func (d *Daemon) listenHTTP() error {
	ln, err := net.Listen("tcp", d.cfg.API.HTTPAddr)
	if err != nil {
		return fmt.Errorf("http_addr: %w", err)
	}
	d.httpLn = ln
	starting := api.Starting(d.currentStatus)
	d.handler.Store(&starting)
	d.setStatus("starting")
	d.http = &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*d.handler.Load()).ServeHTTP(w, r) }),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	d.loops.Go(func() {
		if err := d.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			d.errc <- fmt.Errorf("http: %w", err)
		}
	})
	return nil
}

// setStatus records what Start is doing, for /readyz while it does it.
func (d *Daemon) setStatus(s string) { d.status.Store(s) }

func (d *Daemon) currentStatus() string {
	s, _ := d.status.Load().(string)
	return s
}

func (d *Daemon) logStarted() {
	ev := d.log.Info().Str("node", d.cfg.NATS.NodeName()).Str("data_dir", d.cfg.DataDir).Str("db", d.cfg.DBPath()).
		Str("api", "http://"+d.HTTPAddr()).Str("stream", "ALERTS (subjects "+strings.Join(append([]string{"alerts.>"}, d.cfg.Ingest.FalcoSubjects...), ", ")+")")
	if d.ns != nil {
		ev = ev.Str("nats", d.NATSURL()).Str("nats_mode", "embedded").Str("nats_sync", d.cfg.NATS.Sync).Str("jetstream", d.ns.StoreDir())
		if d.cfg.NATS.clustered() {
			ev = ev.Str("nats_cluster", d.cfg.NATS.Cluster.Name).Str("nats_cluster_listen", d.ns.ClusterAddr().String())
		}
	} else {
		ev = ev.Str("nats", d.nc.ConnectedUrlRedacted()).Str("nats_mode", "external")
	}
	ev.Str("playbooks", d.playbooksSource()).Int("playbooks_loaded", len(d.runs.Playbooks().Playbooks)).Msg("breachd started")
	if d.cfg.API.Token == "" {
		d.log.Warn().Str("api", d.HTTPAddr()).Msg("no API token set: the API is open to anyone on this machine and served on loopback only; set BREACHD_API_TOKEN or api_token_file")
	}
	d.log.Info().Msg(startHint("http://"+d.HTTPAddr(), d.cfg.API.Token != "", d.cfg.API.TokenFile))
	if d.ids != nil {
		d.log.Info().Msg(natsHint(d.NATSURL(), d.cfg.DataDir, d.cfg.NATS.ListenTLSCert))
	}
}

// releaseMemoryEvery is how often the database's mapped pages are released.
const releaseMemoryEvery = 250 * time.Millisecond

// releaseMemory keeps the pages of the database file that reads have mapped
// from counting as the daemon's memory; see store.ReleaseMemory.
func (d *Daemon) releaseMemory(ctx context.Context) {
	tick := time.NewTicker(releaseMemoryEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := d.store.ReleaseMemory(); err != nil {
				d.log.Debug().Err(err).Msg("release mapped database pages")
			}
		}
	}
}

// loadPlaybooks loads the configured playbook set: the directory of
// --playbooks, or the shipped examples.
func (d *Daemon) loadPlaybooks() (*playbooks.Set, error) {
	return runs.Load(d.cfg.Runs.Playbooks, playbooks.DefaultRegistry())()
}

// ReloadPlaybooks loads the playbook set again and puts it in force (on
// SIGHUP and POST /api/v1/playbooks/reload). An invalid set is refused
// whole, with every problem, and the set in force keeps running.
func (d *Daemon) ReloadPlaybooks() (*playbooks.Set, error) {
	if d.runs == nil {
		return nil, errors.New("the daemon is not started")
	}
	set, err := d.runs.Reload(d.loadPlaybooks)
	if err != nil {
		log := d.log.With().Str("playbooks", d.playbooksSource()).Logger()
		LogProblems(log.Error, err, "playbooks not reloaded: the set in force keeps running")
	}
	return set, err
}

// ReloadConsoleUsers reads the console's users file again (on SIGHUP): a
// file that does not load is refused, with why, and the one in force
// stays.
func (d *Daemon) ReloadConsoleUsers() error {
	if d.console == nil {
		return errors.New("the daemon is not started")
	}
	err := d.console.signin.ReloadUsers()
	if err != nil {
		d.log.Error().Err(err).Msg("console users not reloaded: the users file in force stays")
	}
	return err
}

func (d *Daemon) playbooksSource() string {
	if d.cfg.Runs.Playbooks == "" {
		return "embedded examples"
	}
	return d.cfg.Runs.Playbooks
}

// HTTPAddr is the address the API listens on.
func (d *Daemon) HTTPAddr() string {
	if d.httpLn == nil {
		return d.cfg.API.HTTPAddr
	}
	return d.httpLn.Addr().String()
}

// NATSURL is the client URL of the embedded server ("" when it serves
// in-process only), or the external URL.
func (d *Daemon) NATSURL() string {
	switch {
	case d.ns == nil:
		return d.cfg.NATS.URL
	case d.ns.Addr() == nil:
		return ""
	}
	return d.ns.ClientURL()
}

// ConnectNATS opens a connection to the daemon's NATS server as the
// identity name (IdentityProducer, IdentityActuator, IdentityBreachd):
// in-process to the embedded server, with its seed; to an external server
// as breachd connects, whatever the name. For in-process tests and tools.
func (d *Daemon) ConnectNATS(name string, opts ...nats.Option) (*nats.Conn, error) {
	if d.ns == nil {
		return nats.Connect(d.cfg.NATS.URL, append(connectOptions(&d.cfg, d.log), opts...)...)
	}
	if _, ok := d.ids.keys[name]; !ok {
		return nil, fmt.Errorf("no NATS identity %q (want one of %s)", name, strings.Join(identities, ", "))
	}
	return nats.Connect("", append([]nats.Option{nats.InProcessServer(d.ns), d.ids.option(name)}, opts...)...)
}

// Leading reports whether this node writes: always on a single node; on
// a cluster, while it holds the lease.
func (d *Daemon) Leading() bool {
	if d.ha == nil {
		return d.store != nil
	}
	return d.ha.leading()
}

// Store is the daemon's store, for in-process tests and tools.
func (d *Daemon) Store() *store.Store { return d.store }

// Err delivers the error of a background loop that stopped on its own.
func (d *Daemon) Err() <-chan error { return d.errc }

func (d *Daemon) ready(context.Context) error {
	if d.nc == nil || !d.nc.IsConnected() {
		return errors.New("not connected to NATS")
	}
	if d.js != nil {
		if err := d.js.ready(); err != nil {
			return err
		}
	}
	// A clustered server that has not caught up with the others' streams
	// would leave a replica short were another node stopped now: a
	// rolling restart waits for this.
	if d.ns != nil && d.cfg.NATS.clustered() {
		if hs := d.ns.Healthz(nil); hs.Error != "" {
			return fmt.Errorf("the embedded NATS server is catching up with the cluster: %s", hs.Error)
		}
	}
	if d.pipeline != nil {
		return d.pipeline.Ready()
	}
	return nil
}

// Stop shuts down in order: stop taking HTTP requests, drain the pipeline
// (buffered alerts are committed and acknowledged), close the NATS
// connection and the embedded server, close the store last. Each step's
// error is joined; Stop is safe to call twice and gives up waiting when ctx
// ends.
func (d *Daemon) Stop(ctx context.Context) error {
	d.stopOnce.Do(func() {
		var errs []error
		step := func(name string, fn func() error) {
			if err := fn(); err != nil {
				errs = append(errs, fmt.Errorf("stop %s: %w", name, err))
			}
		}
		if d.http != nil {
			step("http", func() error { return d.http.Shutdown(ctx) })
		}
		if d.cancel != nil {
			d.cancel()
			step("pipeline", func() error { return waitGroup(ctx, &d.loops) })
		}
		if d.actNC != nil {
			step("example actuator connection", func() error { return d.actNC.Drain() })
			d.actNC.Close()
		}
		// Every write has stopped: this checkpoint signs the heads the
		// file is left with, while NATS is still there to publish it.
		// (A cluster's leader took it as it stopped leading.)
		if d.checkpoints != nil && d.store != nil && d.ha == nil {
			step("checkpoint", d.checkpoints.take)
		}
		if d.nc != nil {
			step("nats connection", func() error { return d.nc.Drain() })
			d.nc.Close()
		}
		if d.ns != nil {
			d.ns.Shutdown()
			d.ns.WaitForShutdown()
		}
		if d.store != nil {
			step("store", d.store.Close)
		}
		d.stopErr = errors.Join(errs...)
		d.log.Info().Err(d.stopErr).Msg("breachd stopped")
	})
	return d.stopErr
}

// Kill stops at once, as a crash would: the NATS connection is closed
// without draining, so nothing more is acknowledged, then everything else
// is torn down. Work in flight is left for redelivery. Used on a second
// signal and by tests that simulate a crash.
func (d *Daemon) Kill() {
	d.stopOnce.Do(func() {
		if d.actNC != nil {
			d.actNC.Close()
		}
		if d.nc != nil {
			d.nc.Close()
		}
		if d.cancel != nil {
			d.cancel()
		}
		if d.http != nil {
			d.http.Close()
		} else if d.httpLn != nil {
			d.httpLn.Close()
		}
		if d.ns != nil {
			d.ns.Shutdown()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = waitGroup(ctx, &d.loops)
		if d.store != nil {
			d.store.Close()
		}
		if d.ns != nil {
			d.ns.WaitForShutdown()
		}
	})
}

func waitGroup(ctx context.Context, wg *sync.WaitGroup) error {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// incidentsCollector reports incidents by status from the store at scrape
// time, and silences by their state at the daemon's now.
type incidentsCollector struct {
	store *store.Store
	now   func() time.Time
}

var incidentsDesc = prometheus.NewDesc("breachd_incidents", "Incidents by status.", []string{"status"}, nil)

var (
	silencesDesc = prometheus.NewDesc("breachd_silences", "Silences by state.", []string{"state"}, nil)
	silencedDesc = prometheus.NewDesc("breachd_alerts_silenced_total", "Alerts kept from opening incidents by a silence.", nil, nil)
)

func (c *incidentsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- incidentsDesc
	ch <- silencesDesc
	ch <- silencedDesc
}

func (c *incidentsCollector) Collect(ch chan<- prometheus.Metric) {
	_ = c.store.View(func(tx *store.Tx) error {
		for status, n := range tx.StatusCounts() {
			ch <- prometheus.MustNewConstMetric(incidentsDesc, prometheus.GaugeValue, float64(n), string(status))
		}
		silences, err := tx.AllSilences()
		if err != nil {
			return err
		}
		now := c.now()
		states := map[incident.SilenceState]int{incident.SilenceActive: 0, incident.SilencePending: 0, incident.SilenceExpired: 0}
		var silenced int64
		for _, s := range silences {
			states[s.State(now)]++
			silenced += s.Silenced
		}
		for st, n := range states {
			ch <- prometheus.MustNewConstMetric(silencesDesc, prometheus.GaugeValue, float64(n), string(st))
		}
		ch <- prometheus.MustNewConstMetric(silencedDesc, prometheus.CounterValue, float64(silenced))
		return nil
	})
}
