package synthetic

import "encoding/xml"

// The elements of the FSF 1.1 export, as encoding/xml writes them. Every
// attribute the export always writes is written, empty or not; the ones it
// leaves out when unknown are omitempty.

type euEntity struct {
	XMLName            xml.Name           `xml:"sanctionEntity"`
	DesignationDate    string             `xml:"designationDate,attr,omitempty"`
	DesignationDetails string             `xml:"designationDetails,attr"`
	UnitedNationID     string             `xml:"unitedNationId,attr"`
	EUReferenceNumber  string             `xml:"euReferenceNumber,attr"`
	LogicalID          int                `xml:"logicalId,attr"`
	Remarks            []string           `xml:"remark"`
	Regulations        []euRegulation     `xml:"regulation"`
	SubjectType        euSubjectType      `xml:"subjectType"`
	Names              []euNameAlias      `xml:"nameAlias"`
	Citizenships       []euCitizenship    `xml:"citizenship"`
	Birthdates         []euBirthdate      `xml:"birthdate"`
	Addresses          []euAddress        `xml:"address"`
	Identifications    []euIdentification `xml:"identification"`
}

type euRegulation struct {
	RegulationType     string `xml:"regulationType,attr"`
	OrganisationType   string `xml:"organisationType,attr"`
	PublicationDate    string `xml:"publicationDate,attr"`
	EntryIntoForceDate string `xml:"entryIntoForceDate,attr"`
	NumberTitle        string `xml:"numberTitle,attr"`
	Programme          string `xml:"programme,attr"`
	LogicalID          int    `xml:"logicalId,attr"`
	PublicationURL     string `xml:"publicationUrl"`
}

type euSubjectType struct {
	Code               string `xml:"code,attr"`
	ClassificationCode string `xml:"classificationCode,attr"`
}

// euSummary names the legal act that last touched an element.
type euSummary struct {
	RegulationType  string `xml:"regulationType,attr"`
	PublicationDate string `xml:"publicationDate,attr"`
	NumberTitle     string `xml:"numberTitle,attr"`
	PublicationURL  string `xml:"publicationUrl,attr"`
}

// euDetail is what every element below an entity ends with.
type euDetail struct {
	RegulationLanguage string    `xml:"regulationLanguage,attr"`
	LogicalID          int       `xml:"logicalId,attr"`
	Remark             string    `xml:"remark,omitempty"`
	Summary            euSummary `xml:"regulationSummary"`
}

type euCountry struct {
	Iso2        string `xml:"countryIso2Code,attr"`
	Description string `xml:"countryDescription,attr"`
}

type euNameAlias struct {
	FirstName    string `xml:"firstName,attr"`
	MiddleName   string `xml:"middleName,attr"`
	LastName     string `xml:"lastName,attr"`
	WholeName    string `xml:"wholeName,attr"`
	Function     string `xml:"function,attr"`
	Gender       string `xml:"gender,attr,omitempty"`
	Title        string `xml:"title,attr"`
	NameLanguage string `xml:"nameLanguage,attr"`
	Strong       string `xml:"strong,attr"`
	euDetail
}

type euCitizenship struct {
	Region string `xml:"region,attr"`
	euCountry
	euDetail
}

type euBirthdate struct {
	Circa         string `xml:"circa,attr"`
	CalendarType  string `xml:"calendarType,attr"`
	City          string `xml:"city,attr"`
	ZipCode       string `xml:"zipCode,attr"`
	Birthdate     string `xml:"birthdate,attr,omitempty"`
	DayOfMonth    string `xml:"dayOfMonth,attr,omitempty"`
	MonthOfYear   string `xml:"monthOfYear,attr,omitempty"`
	Year          string `xml:"year,attr,omitempty"`
	YearRangeFrom string `xml:"yearRangeFrom,attr,omitempty"`
	YearRangeTo   string `xml:"yearRangeTo,attr,omitempty"`
	Region        string `xml:"region,attr"`
	Place         string `xml:"place,attr"`
	euCountry
	euDetail
}

type euAddress struct {
	City            string `xml:"city,attr"`
	Street          string `xml:"street,attr"`
	POBox           string `xml:"poBox,attr"`
	ZipCode         string `xml:"zipCode,attr"`
	Region          string `xml:"region,attr"`
	Place           string `xml:"place,attr"`
	AsAtListingTime string `xml:"asAtListingTime,attr"`
	euCountry
	euDetail
	ContactInfo []euContact `xml:"contactInfo"`
}

type euContact struct {
	Key   string `xml:"key,attr"`
	Value string `xml:"value,attr"`
}

type euIdentification struct {
	Diplomatic      string `xml:"diplomatic,attr"`
	KnownExpired    string `xml:"knownExpired,attr"`
	KnownFalse      string `xml:"knownFalse,attr"`
	ReportedLost    string `xml:"reportedLost,attr"`
	RevokedByIssuer string `xml:"revokedByIssuer,attr"`
	IssueDate       string `xml:"issueDate,attr,omitempty"`
	IssuedBy        string `xml:"issuedBy,attr"`
	LatinNumber     string `xml:"latinNumber,attr"`
	NameOnDocument  string `xml:"nameOnDocument,attr"`
	Number          string `xml:"number,attr"`
	ValidTo         string `xml:"validTo,attr,omitempty"`
	Region          string `xml:"region,attr"`
	TypeCode        string `xml:"identificationTypeCode,attr"`
	TypeDescription string `xml:"identificationTypeDescription,attr"`
	euCountry
	euDetail
}
