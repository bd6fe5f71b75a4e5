package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/auth"
)

// apiRoutes is the route table of the JSON API. Every route needs a bearer
// token; the services enforce roles and caseloads.
func (s *Server) apiRoutes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, h func(http.ResponseWriter, *http.Request) error) {
		mux.Handle(pattern, s.requireToken(h))
	}
	handle("GET /api/v1/practice", s.apiGetPractice)
	handle("GET /api/v1/clients", s.apiListClients)
	handle("POST /api/v1/clients", s.apiCreateClient)
	handle("GET /api/v1/clients/{id}", s.apiGetClient)
	handle("PATCH /api/v1/clients/{id}", s.apiUpdateClient)
	handle("GET /api/v1/clients/{id}/records", s.apiListRecords)
	handle("POST /api/v1/clients/{id}/records", s.apiCreateRecord)
	handle("GET /api/v1/clients/{id}/access-log", s.apiAccessLog)
	handle("GET /api/v1/staff", s.apiListStaff)
	handle("POST /api/v1/staff", s.apiCreateStaff)
	handle("PATCH /api/v1/staff/{id}", s.apiUpdateStaff)
	handle("GET /api/v1/me", s.apiMe)
	s.policyRoutes(handle)
	s.triageRoutes(handle)
	s.channelAPIRoutes(handle)
	s.governanceRoutes(handle)
	s.ackRoutes(handle)
	return mux
}

// requireToken authenticates the bearer token, then runs the handler and
// turns its error into a problem document.
func (s *Server) requireToken(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			s.apiError(w, r, framekeeper.Errorf(framekeeper.EUNAUTHORIZED, "An API token is required: send 'Authorization: Bearer TOKEN'."))
			return
		}
		actor, err := s.Auth.TokenActor(r.Context(), auth.HashSecret(strings.TrimSpace(token)))
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		r = withActor(r, actor)
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxAPIBody)
		}
		if err := h(w, r); err != nil {
			s.apiError(w, r, err)
		}
	})
}

// decode reads one JSON document into v. It insists on a JSON content type
// (415 otherwise), a body within the size limit (413), valid UTF-8 and a
// single well-formed object (400).
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return decodeBytesError(err)
	}
	return decodeBytes(r, body, v)
}

// decodeBytesError explains a failure to read a body.
func decodeBytesError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return framekeeper.Errorf(framekeeper.ETOOLARGE, "The request body is larger than %d bytes.", mbe.Limit)
	}
	return framekeeper.Errorf(framekeeper.EINVALID, "Could not read the request body.")
}

// decodeBytes decodes a body already read.
func decodeBytes(r *http.Request, body []byte, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return framekeeper.Errorf(framekeeper.EUNSUPPORTED, "Send the request body as application/json.")
		}
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return framekeeper.Errorf(framekeeper.EINVALID, "The request body is empty; send a JSON object.")
	}
	if !utf8.Valid(body) {
		return framekeeper.Errorf(framekeeper.EINVALID, "The request body is not valid UTF-8.")
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return framekeeper.Errorf(framekeeper.EINVALID, "The request body holds more than one JSON value.")
	}
	return nil
}

// jsonError explains a decoding error, naming the field where it can.
func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return framekeeper.Errorf(framekeeper.EINVALID, "Malformed JSON at byte %d: %s.", se.Offset, se.Error())
	case errors.As(err, &te) && te.Field != "":
		return framekeeper.Invalid(te.Field, "Field %s must be %s, not %s.", te.Field, jsonKind(te.Type.Kind().String()), te.Value)
	case errors.As(err, &te):
		return framekeeper.Errorf(framekeeper.EINVALID, "The body must be a JSON object, not %s.", te.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return framekeeper.Errorf(framekeeper.EINVALID, "Malformed JSON: the body ends early.")
	}
	return framekeeper.Errorf(framekeeper.EINVALID, "Malformed JSON: %s.", err.Error())
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a number"
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	writeJSON(w, http.StatusOK, map[string]any{"staff_id": a.StaffID, "name": a.Name, "role": a.Role})
	return nil
}

// pageParams reads limit and offset, refusing nonsense rather than guessing.
func pageParams(r *http.Request) (limit, offset int, err error) {
	q := r.URL.Query()
	limit, offset = 50, 0
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 500 {
			return 0, 0, framekeeper.Invalid("limit", "limit must be a whole number from 1 to 500.")
		}
	}
	if v := q.Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, framekeeper.Invalid("offset", "offset must be a whole number, 0 or more.")
		}
	}
	return limit, offset, nil
}

func (s *Server) apiListClients(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	f := framekeeper.ClientFilter{Query: r.URL.Query().Get("q"), Status: framekeeper.ClientStatus(r.URL.Query().Get("status")),
		TherapistID: r.URL.Query().Get("therapist_id"), Limit: limit, Offset: offset}
	if f.Status != "" && !f.Status.Valid() {
		return framekeeper.Invalid("status", "status must be current, former or prospective.")
	}
	cs, total, err := s.Clients.FindClients(r.Context(), a, f)
	if err != nil {
		return err
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	writeJSON(w, http.StatusOK, cs)
	return nil
}

func (s *Server) apiCreateClient(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var c framekeeper.Client
	if err := decode(r, &c); err != nil {
		return err
	}
	c.ID = ""
	if err := s.Clients.CreateClient(r.Context(), a, &c); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/clients/"+c.ID)
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) apiGetClient(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	c, err := s.Clients.FindClientByID(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) apiUpdateClient(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var u framekeeper.ClientUpdate
	if err := decode(r, &u); err != nil {
		return err
	}
	c, err := s.Clients.UpdateClient(r.Context(), a, r.PathValue("id"), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) apiListRecords(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	es, err := s.Records.FindRecords(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, es)
	return nil
}

func (s *Server) apiCreateRecord(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	var in struct {
		Kind   framekeeper.RecordKind `json:"kind"`
		Text   string                 `json:"text"`
		Amends string                 `json:"amends"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	e := framekeeper.RecordEntry{ClientID: r.PathValue("id"), Kind: in.Kind, Text: in.Text, Amends: in.Amends}
	if err := s.Records.AppendRecord(r.Context(), a, &e); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/clients/%s/records", e.ClientID))
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (s *Server) apiAccessLog(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	limit, _, err := pageParams(r)
	if err != nil {
		return err
	}
	log, err := s.Records.FindAccessLog(r.Context(), a, r.PathValue("id"), limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, log)
	return nil
}

func (s *Server) apiListStaff(w http.ResponseWriter, r *http.Request) error {
	a, _ := actorFrom(r.Context())
	if a.Role == framekeeper.RoleFrontDesk || a.Role == framekeeper.RoleTherapist {
		return framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins and supervisors list staff.")
	}
	list, err := s.Staff.ListStaff(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// staffInput is a staff member as the API and console accept it.
type staffInput struct {
	Name     string           `json:"name"`
	Email    string           `json:"email"`
	Role     framekeeper.Role `json:"role"`
	Password string           `json:"password"`
	Active   *bool            `json:"active"`
}

func (s *Server) createStaff(r *http.Request, in staffInput) (*framekeeper.Staff, error) {
	a, _ := actorFrom(r.Context())
	if !a.CanManageStaff() {
		return nil, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins manage staff.")
	}
	st := &framekeeper.Staff{Name: in.Name, Email: in.Email, Role: in.Role}
	if err := st.Validate(); err != nil {
		return nil, err
	}
	hash := ""
	if in.Password != "" {
		var err error
		if hash, err = auth.HashPassword(in.Password, s.cfg.PasswordParams); err != nil {
			return nil, framekeeper.Invalid("password", "Password must be at least %d characters.", auth.MinPasswordLength)
		}
	}
	return st, s.Staff.CreateStaff(r.Context(), st, hash)
}

func (s *Server) updateStaff(r *http.Request, id string, in staffInput) (*framekeeper.Staff, error) {
	a, _ := actorFrom(r.Context())
	if !a.CanManageStaff() {
		return nil, framekeeper.Errorf(framekeeper.EFORBIDDEN, "Only admins manage staff.")
	}
	st, err := s.Staff.FindStaffByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if in.Name != "" {
		st.Name = in.Name
	}
	if in.Email != "" {
		st.Email = in.Email
	}
	if in.Role != "" {
		st.Role = in.Role
	}
	if in.Active != nil {
		st.Active = *in.Active
	}
	if st.ID == a.StaffID && (st.Role != framekeeper.RoleAdmin || !st.Active) {
		return nil, framekeeper.Invalid("role", "You cannot remove your own admin access.")
	}
	hash := ""
	if in.Password != "" {
		if hash, err = auth.HashPassword(in.Password, s.cfg.PasswordParams); err != nil {
			return nil, framekeeper.Invalid("password", "Password must be at least %d characters.", auth.MinPasswordLength)
		}
	}
	return st, s.Staff.UpdateStaff(r.Context(), st, hash)
}

func (s *Server) apiCreateStaff(w http.ResponseWriter, r *http.Request) error {
	var in staffInput
	if err := decode(r, &in); err != nil {
		return err
	}
	st, err := s.createStaff(r, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, st)
	return nil
}

func (s *Server) apiUpdateStaff(w http.ResponseWriter, r *http.Request) error {
	var in staffInput
	if err := decode(r, &in); err != nil {
		return err
	}
	st, err := s.updateStaff(r, r.PathValue("id"), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}
