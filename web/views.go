package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed templates static
var assets embed.FS

// views holds every page template, parsed once with the layout, and the
// content-hashed names of the static assets.
type views struct {
	pages  map[string]*template.Template
	static map[string]staticFile // by hashed name
	urls   map[string]string     // plain name -> hashed URL
}

type staticFile struct {
	body        []byte
	contentType string
}

func loadViews() (*views, error) {
	v := &views{pages: map[string]*template.Template{}, static: map[string]staticFile{}, urls: map[string]string{}}
	files, err := fs.Glob(assets, "static/*")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		b, err := assets.ReadFile(f)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		base := path.Base(f)
		ext := path.Ext(base)
		hashed := strings.TrimSuffix(base, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		ct := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}[ext]
		v.static[hashed] = staticFile{body: b, contentType: ct}
		v.urls[base] = "/static/" + hashed
	}
	funcs := template.FuncMap{
		"asset": func(name string) string { return v.urls[name] },
		"date":  func(t time.Time) string { return t.Local().Format("2 Jan 2006") },
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Local().Format("2 Jan 2006 15:04")
		},
		"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"add": func(a, b int) int { return a + b },
		"title": func(s string) string {
			return strings.ReplaceAll(strings.ToUpper(s[:min(1, len(s))])+s[min(1, len(s)):], "_", " ")
		},
	}
	pages, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		name := path.Base(p)
		if name == "layout.html" {
			continue
		}
		// Partials (templates/partials/*.html) are shared pieces any page
		// may use.
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/partials/*.html", p)
		if err != nil {
			return nil, fmt.Errorf("parse view %s: %w", name, err)
		}
		v.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return v, nil
}

// render writes a page, rendering into a buffer first so a template error is
// a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data *page) {
	t, ok := s.views.pages[name]
	if !ok {
		s.log.Error("Missing view", "view", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if data.Actor == nil {
		if a, ok := actorFrom(r.Context()); ok {
			data.Actor = &a
		}
	}
	data.Path = r.URL.Path
	data.Version = s.cfg.Version
	if data.Actor != nil && s.Alerts != nil {
		if alerts, err := s.Alerts.OpenAlerts(r.Context()); err == nil {
			data.Alerts = alerts
		}
	}
	if data.PracticeName == "" {
		if p, err := s.Practice.FindPractice(r.Context()); err == nil {
			data.PracticeName = p.Name
		}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		s.log.Error("Render failed", "view", name, "error", err, "request_id", requestID(r.Context()))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// staticHandler serves assets under content-hashed names with a long cache
// lifetime: a changed file gets a new name.
func (s *Server) staticHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := s.views.static[strings.TrimPrefix(r.URL.Path, "/static/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", f.contentType)
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Write(f.body)
	})
}
