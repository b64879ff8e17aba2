// Package metrics holds the measurements Vigil exposes in Prometheus's format:
// one registry of its own per process (never the global default), built here
// with every metric, so what /metrics shows is listed in one place. The
// capabilities report through small hooks (screening.Observer,
// auth.Service.OnSignInFailure); nothing here knows HTTP but the labels of a
// request.
package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/vigil-icp/vigil/internal/db"
)

// Metrics are one process's metrics and the registry that serves them.
type Metrics struct {
	Registry *prometheus.Registry
	// Requests is the latency of HTTP requests by route template, method and
	// status class (1xx…5xx); its _count is the number of requests.
	Requests *prometheus.HistogramVec
	// Screening is how long screening takes: "party" is one party matched
	// and stored, "batch" one transaction of a re-screening.
	Screening *prometheus.HistogramVec
	// RescreenParties and RescreenDone are the running re-screening's
	// parties, all and done; both 0 when none runs.
	RescreenParties, RescreenDone prometheus.Gauge
	// RescreenJobs counts finished re-screenings by outcome (done, failed).
	RescreenJobs *prometheus.CounterVec
	// SignInFailures counts refused sign-ins by reason, never by account.
	SignInFailures *prometheus.CounterVec
}

// New builds the registry with Go's and the process's collectors, the
// database pool's statistics, the audit chain's length read from d at each
// scrape, and Vigil's own metrics.
func New(d *db.DB) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		Requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "vigil_http_request_duration_seconds",
			Help:    "Time to serve an HTTP request, by route template, method and status class.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10}},
			[]string{"route", "method", "status"}),
		Screening: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "vigil_screening_duration_seconds",
			Help:    "Time to screen one party (matched and stored) or one batch of a re-screening.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}},
			[]string{"kind"}),
		RescreenParties: prometheus.NewGauge(prometheus.GaugeOpts{Name: "vigil_rescreen_parties",
			Help: "Parties the running re-screening screens; 0 when none runs."}),
		RescreenDone: prometheus.NewGauge(prometheus.GaugeOpts{Name: "vigil_rescreen_parties_done",
			Help: "Parties the running re-screening has screened so far; 0 when none runs."}),
		RescreenJobs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_rescreen_jobs_finished_total",
			Help: "Re-screenings this process finished, by outcome (done, failed)."}, []string{"outcome"}),
		SignInFailures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_signin_failures_total",
			Help: "Refused sign-ins, by reason."}, []string{"reason"}),
	}
	// Every known outcome and reason is exported from the start, at 0, so a
	// rate over them needs no first event.
	for _, o := range []string{"done", "failed"} {
		m.RescreenJobs.WithLabelValues(o)
	}
	m.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.Requests, m.Screening, m.RescreenParties, m.RescreenDone, m.RescreenJobs, m.SignInFailures, auditChain{d})
	if sqlDB, err := d.Gorm.DB(); err == nil {
		m.Registry.MustRegister(collectors.NewDBStatsCollector(sqlDB, string(d.Dialect)))
	}
	return m
}

// PartyScreened records the time one party took to screen.
func (m *Metrics) PartyScreened(d time.Duration) {
	m.Screening.WithLabelValues("party").Observe(d.Seconds())
}

// BatchScreened records the time one batch of a re-screening took.
func (m *Metrics) BatchScreened(d time.Duration) {
	m.Screening.WithLabelValues("batch").Observe(d.Seconds())
}

// RescreenProgress sets the running re-screening's progress.
func (m *Metrics) RescreenProgress(total, done int) {
	m.RescreenParties.Set(float64(total))
	m.RescreenDone.Set(float64(done))
}

// RescreenFinished counts a finished re-screening and clears the progress.
func (m *Metrics) RescreenFinished(outcome string) {
	m.RescreenJobs.WithLabelValues(outcome).Inc()
	m.RescreenProgress(0, 0)
}

// SignInFailed counts a refused sign-in.
func (m *Metrics) SignInFailed(reason string) {
	m.SignInFailures.WithLabelValues(reason).Inc()
}

// auditChainDesc describes the audit chain's length.
var auditChainDesc = prometheus.NewDesc("vigil_audit_chain_length",
	"Events in the audit trail's hash chain (audit_chain.head_seq), read at each scrape.", nil, nil)

// auditChain reads the chain's head from the database when scraped: the
// chain grows in every instance, so no process can count it alone.
type auditChain struct{ d *db.DB }

func (auditChain) Describe(ch chan<- *prometheus.Desc) { ch <- auditChainDesc }

func (a auditChain) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var head int64
	if err := a.d.QueryRow(ctx, "SELECT head_seq FROM audit_chain WHERE id = 1").Scan(&head); err != nil {
		ch <- prometheus.NewInvalidMetric(auditChainDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(auditChainDesc, prometheus.GaugeValue, float64(head))
}
