package auth

import (
	"slices"
	"strings"
)

// Role is a named set of permissions. A user may hold several.
type Role string

const (
	RoleAdmin             Role = "admin"
	RoleExportManager     Role = "export_manager"
	RoleComplianceOfficer Role = "compliance_officer"
	RoleStaff             Role = "staff"
	RoleAuditor           Role = "auditor"
	// RoleManagement is the board member responsible for export control and
	// the management sponsor: they sign the commitment statement and read
	// how the programme performs.
	RoleManagement Role = "management"
)

// Roles lists every role in the order screens show them.
var Roles = []Role{RoleAdmin, RoleExportManager, RoleComplianceOfficer, RoleStaff, RoleAuditor, RoleManagement}

// roleNames are each role's name for people, one and several.
var roleNames = map[Role]struct{ one, several string }{
	RoleAdmin:             {"Administrator", "administrators"},
	RoleExportManager:     {"Export manager", "export managers"},
	RoleComplianceOfficer: {"Compliance officer", "compliance officers"},
	RoleStaff:             {"Staff", "staff"},
	RoleAuditor:           {"Auditor", "auditors"},
	RoleManagement:        {"Management", "management"},
}

// Label is the role's name for people.
func (r Role) Label() string {
	if n, ok := roleNames[r]; ok {
		return n.one
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Permission is a right to use a capability. Routes and services check
// permissions, never role names, so this table is the one place that decides
// who may do what.
type Permission string

const (
	// PermManageUsers: list, create and change users and their roles.
	PermManageUsers Permission = "users.manage"
	// PermReadAudit: read the audit trail and verify its chain.
	PermReadAudit Permission = "audit.read"
	// PermReadCases: see export cases, their documents and timelines.
	PermReadCases Permission = "cases.read"
	// PermEditCases: open export cases and change their content.
	PermEditCases Permission = "cases.edit"
	// PermSignOffCases: approve, reject, hold or return a submitted case
	// (the service adds the separation-of-duties rules).
	PermSignOffCases Permission = "cases.signoff"
	// PermSetCaseRisk: set a case's risk level.
	PermSetCaseRisk Permission = "cases.risk"
	// PermImportLists: import new versions of the sanctions lists.
	PermImportLists Permission = "lists.import"
	// PermSetListPolicy: set which lists must be in use and how old each
	// may be.
	PermSetListPolicy Permission = "lists.policy"
	// PermReadLists: see the imported list versions and what each changed.
	PermReadLists Permission = "lists.read"
	// PermScreen: screen names against the lists (the ad-hoc page).
	PermScreen Permission = "screening.run"
	// PermDecideHits: decide screening hits as confirmed match or false
	// positive (the service adds the separation-of-duties rule).
	PermDecideHits Permission = "screening.decide"
	// PermSetMFAPolicy: choose the roles whose holders must sign in with a
	// second factor (the company's choice).
	PermSetMFAPolicy Permission = "signin.policy"
	// PermManageAPITokens: create and revoke the API tokens of other systems.
	PermManageAPITokens Permission = "api_tokens.manage"
	// PermReadReference: see the country reference data (embargoes,
	// human-rights indicators, risk tiers) and the red-flag catalogue.
	PermReadReference Permission = "reference.read"
	// PermEditReference: record restrictive measures, human-rights
	// indicators and red flags.
	PermEditReference Permission = "reference.edit"
	// PermJudgeCountries: set a country's risk tier and confirm a recorded
	// restrictive measure.
	PermJudgeCountries Permission = "reference.judge"
	// PermEditAssessment: draft a case's human-rights assessment.
	PermEditAssessment Permission = "assessment.edit"
	// PermSignAssessment: sign a human-rights assessment (the service adds
	// the rule that the author may not) and record the authority's reply to
	// a notification.
	PermSignAssessment Permission = "assessment.sign"
	// PermManageCourses: create and change training courses and assign them.
	PermManageCourses Permission = "training.manage"
	// PermReadTraining: see everyone's training records (the matrix, course
	// statistics, the CSV export). Everyone sees their own.
	PermReadTraining Permission = "training.read"
	// PermClassifyProducts: add products to the catalogue and propose their
	// control-list classification.
	PermClassifyProducts Permission = "products.classify"
	// PermConfirmClassification: confirm or decline a classification someone
	// else proposed.
	PermConfirmClassification Permission = "products.confirm"
	// PermManageLicences: record the company's licences and its
	// registrations for Union general export authorisations.
	PermManageLicences Permission = "licences.manage"
	// PermRecordAuthority: record a case's Art. 4 notification to the
	// competent authority, its decision, and licence applications with
	// their outcome.
	PermRecordAuthority Permission = "licensing.authority"
	// PermRecordShipments: record the shipments of approved cases.
	PermRecordShipments Permission = "licensing.shipments"
	// PermManageExporter: keep who the exporter is (name, address, EORI),
	// the competent authority and the national rules under Art. 5(3).
	PermManageExporter Permission = "exporter.manage"
	// PermHandleConcerns: triage reports of concern (acknowledge,
	// investigate, close), write to their reporters and record voluntary
	// disclosures to the competent authority.
	PermHandleConcerns Permission = "concerns.handle"
	// PermReadConcerns: see every report of concern and its history.
	// Everyone may file one and sees their own named reports.
	PermReadConcerns Permission = "concerns.read"
	// PermReadRisks: see the export-control risk register.
	PermReadRisks Permission = "risks.read"
	// PermManageRisks: record and change the risks of the register and
	// review any of them (an owner may review their own without it).
	PermManageRisks Permission = "risks.manage"
	// PermSignCommitment: publish and sign a new version of the management
	// commitment statement. Everyone reads and acknowledges the current one.
	PermSignCommitment Permission = "commitment.sign"
	// PermReadProgramme: see how the programme performs: the dashboard, the
	// self-assessments, findings and corrective actions, who acknowledged
	// the commitment, and the yearly ICP review.
	PermReadProgramme Permission = "programme.read"
	// PermManageOrganisation: record who holds each compliance
	// responsibility, from when to when. Everyone sees the organisation.
	PermManageOrganisation Permission = "organisation.manage"
	// PermSelfAssess: open a self-assessment period and answer its questions.
	PermSelfAssess Permission = "selfassessment.manage"
	// PermRecordFindings: record a finding of the programme (for auditors,
	// the only thing they write).
	PermRecordFindings Permission = "findings.record"
	// PermManageActions: give findings corrective actions with an owner and
	// a due date, and sign off the closing of another person's action.
	PermManageActions Permission = "actions.manage"
	// PermReadTechnology: see the register of controlled technology and
	// software and its transfers.
	PermReadTechnology Permission = "technology.read"
	// PermManageTechnology: keep the register of controlled technology and
	// software: where each is kept and who may reach it.
	PermManageTechnology Permission = "technology.manage"
	// PermRecordTransfers: record a transfer of controlled technology out of
	// the company (email, cloud, business trip) with what covers it.
	PermRecordTransfers Permission = "technology.transfer"
)

// grants is the permission table. Admin holds no approval right by being
// admin; the auditor holds read rights and records findings, nothing else.
var grants = map[Role][]Permission{
	RoleAdmin: {PermManageUsers, PermSetMFAPolicy, PermReadAudit, PermImportLists, PermReadLists, PermManageAPITokens,
		PermReadReference, PermEditReference, PermManageExporter},
	RoleExportManager: {PermReadCases, PermEditCases, PermSignOffCases, PermScreen, PermDecideHits, PermReadLists,
		PermReadReference, PermEditAssessment, PermReadTraining, PermClassifyProducts, PermRecordAuthority, PermRecordShipments,
		PermReadTechnology, PermRecordTransfers},
	RoleComplianceOfficer: {PermReadAudit, PermReadCases, PermSignOffCases, PermSetCaseRisk, PermScreen, PermDecideHits, PermReadLists, PermSetListPolicy,
		PermReadReference, PermEditReference, PermJudgeCountries, PermEditAssessment, PermSignAssessment,
		PermManageCourses, PermReadTraining, PermManageLicences, PermClassifyProducts, PermConfirmClassification, PermRecordAuthority,
		PermHandleConcerns, PermReadConcerns, PermReadRisks, PermManageRisks, PermReadProgramme, PermManageOrganisation,
		PermSelfAssess, PermRecordFindings, PermManageActions, PermReadTechnology, PermManageTechnology, PermRecordTransfers},
	RoleStaff: {},
	RoleAuditor: {PermReadAudit, PermReadCases, PermReadLists, PermReadReference, PermReadTraining, PermReadConcerns, PermReadRisks,
		PermReadProgramme, PermReadTechnology, PermRecordFindings},
	RoleManagement: {PermSignCommitment, PermReadProgramme, PermManageOrganisation, PermReadRisks, PermReadTraining},
}

// purposes say what each permission is for, to start a refusal: "Managing
// users is for administrators."
var purposes = map[Permission]string{
	PermManageUsers:           "Managing users",
	PermReadAudit:             "Reading the audit trail",
	PermReadCases:             "Seeing export cases",
	PermEditCases:             "Opening and changing export cases",
	PermSignOffCases:          "Signing off cases",
	PermSetCaseRisk:           "Setting a case's risk level",
	PermImportLists:           "Importing lists",
	PermSetListPolicy:         "Setting the list policy",
	PermReadLists:             "Seeing the sanctions lists",
	PermScreen:                "Screening names",
	PermDecideHits:            "Deciding screening hits",
	PermManageAPITokens:       "Managing API tokens",
	PermSetMFAPolicy:          "Setting who must use a second factor",
	PermReadReference:         "Seeing the country reference data",
	PermEditReference:         "Recording reference data",
	PermJudgeCountries:        "Confirming measures and setting risk tiers",
	PermEditAssessment:        "Drafting human-rights assessments",
	PermSignAssessment:        "Signing human-rights assessments",
	PermManageCourses:         "Managing training courses",
	PermReadTraining:          "Seeing everyone's training records",
	PermManageExporter:        "Keeping the exporter settings",
	PermManageLicences:        "Recording licences and GEA registrations",
	PermClassifyProducts:      "Classifying products",
	PermConfirmClassification: "Confirming classifications",
	PermRecordAuthority:       "Recording notifications, applications and the authority's decisions",
	PermRecordShipments:       "Recording shipments",
	PermReadRisks:             "Seeing the risk register",
	PermManageRisks:           "Managing the risk register",
	PermHandleConcerns:        "Handling reports of concern",
	PermReadConcerns:          "Reading reports of concern",
	PermSignCommitment:        "Signing the management commitment",
	PermReadProgramme:         "Seeing the programme's dashboard, self-assessments and findings",
	PermManageOrganisation:    "Recording who holds the compliance responsibilities",
	PermSelfAssess:            "Answering the ICP self-assessment",
	PermRecordFindings:        "Recording findings",
	PermManageActions:         "Managing corrective actions",
	PermReadTechnology:        "Seeing the technology register",
	PermManageTechnology:      "Keeping the technology register",
	PermRecordTransfers:       "Recording technology transfers",
}

// rolesGranting returns the roles that hold p, in Roles order.
func rolesGranting(p Permission) []Role {
	var out []Role
	for _, r := range Roles {
		if slices.Contains(grants[r], p) {
			out = append(out, r)
		}
	}
	return out
}

// refusal says who may use p, from the permission table: "Recording
// reference data is for administrators and compliance officers."
func refusal(p Permission) string {
	var who []string
	for _, r := range rolesGranting(p) {
		who = append(who, roleNames[r].several)
	}
	if len(who) == 0 || purposes[p] == "" {
		return "You do not have permission to do that."
	}
	list := who[len(who)-1]
	if len(who) > 1 {
		list = strings.Join(who[:len(who)-1], ", ") + " and " + list
	}
	return purposes[p] + " is for " + list + "."
}

// GrantingRole returns the first of roles (in Roles order) that holds p, which
// is the role recorded as acting in the audit trail.
func GrantingRole(roles []Role, p Permission) (Role, bool) {
	for _, r := range Roles {
		if slices.Contains(roles, r) && slices.Contains(grants[r], p) {
			return r, true
		}
	}
	return "", false
}

// JoinRoles renders roles as "admin,staff" in Roles order.
func JoinRoles(roles []Role) string {
	var s []string
	for _, r := range Roles {
		if slices.Contains(roles, r) {
			s = append(s, string(r))
		}
	}
	return strings.Join(s, ",")
}

// SortRoles orders roles as Roles does and removes duplicates and unknowns.
func SortRoles(roles []Role) []Role {
	var out []Role
	for _, r := range Roles {
		if slices.Contains(roles, r) {
			out = append(out, r)
		}
	}
	return out
}
