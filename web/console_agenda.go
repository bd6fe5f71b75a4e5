package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/framekeeper/framekeeper"
)

// agendaConsoleRoutes adds the session agenda and the on-call rota to the
// console.
func (s *Server) agendaConsoleRoutes(staff func(string, http.HandlerFunc)) {
	staff("POST /console/clients/{id}/agenda", s.agendaAdd)
	staff("POST /console/clients/{id}/agenda/{item}/close", s.agendaClose)
	staff("GET /console/oncall", s.onCallPage)
	staff("POST /console/oncall", s.onCallSave)
}

func (s *Server) agendaAdd(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	item := framekeeper.AgendaItem{ClientID: r.PathValue("id"), Text: r.PostFormValue("text")}
	if err := s.Agenda.AddAgendaItem(r.Context(), a, &item); err != nil {
		s.consoleError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/clients/"+item.ClientID+"?saved=agenda#agenda", http.StatusSeeOther)
}

func (s *Server) agendaClose(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	id := r.PathValue("id")
	if _, err := s.Agenda.CloseAgendaItem(r.Context(), a, id, r.PathValue("item"), r.PostFormValue("note")); err != nil {
		if statusOf(err) == http.StatusBadRequest {
			http.Redirect(w, r, "/console/clients/"+id+"?saved=agenda-note-missing#agenda", http.StatusSeeOther)
			return
		}
		s.consoleError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/clients/"+id+"?saved=discussed#agenda", http.StatusSeeOther)
}

func (s *Server) onCallPage(w http.ResponseWriter, r *http.Request) {
	s.renderOnCall(w, r, http.StatusOK, &page{Title: "On call"})
}

func (s *Server) renderOnCall(w http.ResponseWriter, r *http.Request, status int, p *page) {
	a, _ := actorFrom(r.Context())
	if a.Role != framekeeper.RoleAdmin && a.Role != framekeeper.RoleSupervisor {
		s.consoleError(w, r, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins and supervisors set the on-call rota."))
		return
	}
	rota, err := s.Alerts.OnCall(r.Context())
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	all, err := s.Staff.ListStaff(r.Context())
	if err != nil {
		s.consoleError(w, r, err)
		return
	}
	type option struct {
		Staff    *framekeeper.Staff
		Position int // 0: not on the rota
	}
	pos := map[string]int{}
	for i, st := range rota {
		pos[st.ID] = i + 1
	}
	var opts []option
	for _, st := range all {
		if st.Active && !strings.HasSuffix(st.Email, ".invalid") {
			opts = append(opts, option{st, pos[st.ID]})
		}
	}
	p.Data = map[string]any{"Rota": rota, "Options": opts}
	s.render(w, r, status, "oncall", p)
}

// onCallSave takes each staff member's place on the rota (1, 2, …; empty
// for none) and stores the order.
func (s *Server) onCallSave(w http.ResponseWriter, r *http.Request) {
	a, _ := actorFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.consoleError(w, r, framekeeper.Errorf(framekeeper.EINVALID, "The form could not be read."))
		return
	}
	type entry struct {
		id  string
		pos int
	}
	var entries []entry
	for key, vals := range r.PostForm {
		id, ok := strings.CutPrefix(key, "pos_")
		if !ok || len(vals) == 0 || strings.TrimSpace(vals[0]) == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(vals[0]))
		if err != nil || n < 1 || n > 100 {
			p := &page{Title: "On call", Error: "Places on the rota are numbers from 1 up."}
			s.renderOnCall(w, r, http.StatusBadRequest, p)
			return
		}
		entries = append(entries, entry{id, n})
	}
	// Order by place; ties in a stable order by id.
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].pos != entries[j].pos {
			return entries[i].pos < entries[j].pos
		}
		return entries[i].id < entries[j].id
	})
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.id
	}
	if err := s.Alerts.SetOnCall(r.Context(), a, ids); err != nil {
		p := &page{Title: "On call"}
		formError(p, err)
		s.renderOnCall(w, r, statusOf(err), p)
		return
	}
	s.renderOnCall(w, r, http.StatusOK, &page{Title: "On call", Flash: "Rota saved."})
}
