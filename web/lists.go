package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/watchlist"
	"github.com/vigil-icp/vigil/templates/format"
	sview "github.com/vigil-icp/vigil/templates/screening"
)

// listsPage handles GET /lists.
func (s *Server) listsPage(c echo.Context) error {
	return s.renderLists(c, http.StatusOK, sview.Form{}, sview.Form{})
}

// renderLists shows the lists page with what was typed into its import
// form and its list-policy form.
func (s *Server) renderLists(c echo.Context, status int, form, policyForm sview.Form) error {
	ctx := c.Request().Context()
	actor := auth.ActorFrom(ctx)
	versions, err := s.Screening.Lists.Versions(ctx)
	if err != nil {
		return err
	}
	names, err := s.importers(ctx, versions)
	if err != nil {
		return err
	}
	snap := s.Screening.Current()
	v := sview.Lists{CanImport: actor.Can(auth.PermImportLists), Form: form,
		Index: fmt.Sprintf("The screening index holds %s entries of the lists in use; built %s in %s.", thousands(snap.Index.Entries()),
			format.DateTime(snap.BuiltAt), snap.BuildFor.Round(1e6))}
	for _, src := range watchlist.Official {
		v.Choices = append(v.Choices, sview.Option{Value: string(src), Label: src.Label()})
	}
	for _, src := range watchlist.Sources {
		row := sview.SourceRow{List: src.Label()}
		for _, ver := range versions {
			if ver.Source == src {
				row.Versions = append(row.Versions, versionRow(ver, names))
			}
		}
		if len(row.Versions) > 0 {
			v.Sources = append(v.Sources, row)
		}
	}
	jobs, err := s.Screening.Jobs(ctx, 5)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		v.Jobs = append(v.Jobs, jobRow(j))
	}
	if v.Policy, err = s.policyView(ctx, policyForm); err != nil {
		return err
	}
	return s.render(c, status, "Sanctions lists", sview.ListsPage(v))
}

// importers returns the names of the people who imported versions.
func (s *Server) importers(ctx context.Context, versions []screening.Version) (map[string]string, error) {
	var ids []string
	for _, v := range versions {
		if v.ImportedBy != nil {
			ids = append(ids, *v.ImportedBy)
		}
	}
	return auth.NamesOf(ctx, s.DB.Gorm, ids)
}

func versionRow(v screening.Version, names map[string]string) sview.VersionRow {
	by := "the system"
	if v.ImportedBy != nil {
		by = format.Or(names[*v.ImportedBy], "a former user")
	}
	ch := v.Changes()
	return sview.VersionRow{ID: v.ID, List: v.Source.Label(), ImportedBy: by, Entries: thousands(v.EntryCount),
		Changes:    fmt.Sprintf("%d new, %d gone, %d changed", len(ch.Added), len(ch.Removed), len(ch.Changed)),
		ImportedAt: v.ImportedAt, Active: v.Active}
}

func jobRow(j screening.Job) sview.JobRow {
	row := sview.JobRow{ID: j.ID, Done: j.Done, Total: j.Total, Percent: j.Percent(), Running: j.Running(), StartedAt: j.StartedAt}
	switch j.Status {
	case "running":
		row.Status = "Re-screening the known parties…"
	case "done":
		row.Status = "Re-screening done"
		row.Summary = fmt.Sprintf("%d parties with hits, %d new hits, %d decided hits to decide again.", j.WithHits, j.NewHits, j.Alarms)
	default:
		row.Status = "Re-screening stopped"
		row.Summary = j.Error + " It continues with the next list update or server start."
	}
	return row
}

// listsImport handles POST /lists: a new version of one list from its files.
func (s *Server) listsImport(c echo.Context) error {
	ctx := c.Request().Context()
	form := formOf(c, "source")
	src, err := watchlist.ParseSource(form.V("source"))
	if err != nil {
		form.Errors = map[string]string{"source": "Choose the list these files are."}
		return s.renderLists(c, http.StatusUnprocessableEntity, form, sview.Form{})
	}
	var files []watchlist.File
	if mf := c.Request().MultipartForm; mf != nil {
		for _, fh := range mf.File["files"] {
			r, err := fh.Open()
			if err != nil {
				return err
			}
			defer r.Close()
			files = append(files, watchlist.File{Name: fh.Filename, R: r})
		}
	}
	if len(files) == 0 {
		form.Errors = map[string]string{"files": "Choose the list's file or files."}
		return s.renderLists(c, http.StatusUnprocessableEntity, form, sview.Form{})
	}
	return s.submit(c, form, func() (outcome, error) {
		v, change, err := s.Screening.Lists.Import(ctx, src, watchlist.ParserFor(src), files)
		if err != nil {
			return outcome{}, err
		}
		if _, err := s.Screening.Refresh(ctx, s.Logger); err != nil {
			return outcome{}, err
		}
		return outcome{fmt.Sprintf("Imported %s: %s entries, %d new, %d gone, %d changed. Known parties are being screened again.",
			src.Label(), thousands(v.EntryCount), len(change.Added), len(change.Removed), len(change.Changed)), "/lists/versions/" + v.ID}, nil
	}, func(status int, f sview.Form) error { return s.renderLists(c, status, f, sview.Form{}) })
}

// changesShown is how many entries of each kind of change a version's page lists.
const changesShown = 200

// listVersion handles GET /lists/versions/:id.
func (s *Server) listVersion(c echo.Context) error {
	ctx := c.Request().Context()
	ver, err := s.Screening.Lists.Version(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	names, err := s.importers(ctx, []screening.Version{*ver})
	if err != nil {
		return err
	}
	v := sview.Version{VersionRow: versionRow(*ver, names)}
	for _, f := range ver.Files() {
		v.Files = append(v.Files, sview.FileRow{Name: f.Name, SHA256: f.SHA256, Size: byteSize(f.Size)})
	}
	var stats map[string]any
	if json.Unmarshal([]byte(ver.StatsJSON), &stats) == nil {
		var parts []string
		for k, val := range stats {
			parts = append(parts, fmt.Sprintf("%s %v", strings.ReplaceAll(k, "_", " "), val))
		}
		slices.Sort(parts)
		v.Stats = strings.Join(parts, ", ")
	}
	ch := ver.Changes()
	for _, part := range []struct {
		title   string
		entries []screening.ChangedEntry
	}{{"New", ch.Added}, {"Gone", ch.Removed}, {"Changed", ch.Changed}} {
		list := sview.ChangeList{Title: part.title, Total: len(part.entries)}
		for _, e := range part.entries[:min(len(part.entries), changesShown)] {
			list.Entries = append(list.Entries, sview.ChangedEntry{ID: e.ID, Name: e.Name})
		}
		v.Changes = append(v.Changes, list)
	}
	if ver.Active {
		jobs, err := s.Screening.Jobs(ctx, 1)
		if err != nil {
			return err
		}
		for _, j := range jobs {
			if strings.Contains(j.ListVersions, ver.ID) {
				v.Jobs = append(v.Jobs, jobRow(j))
			}
		}
	}
	return s.render(c, http.StatusOK, v.List, sview.VersionPage(v))
}

// listJob handles GET /lists/jobs/:id: a re-screening's progress, as the
// fragment its own polling swaps in.
func (s *Server) listJob(c echo.Context) error {
	j, err := s.Screening.Job(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "Re-screening", sview.JobProgress(jobRow(*j)))
}
