package resolve

import (
	"slices"
	"strings"
	"sync"
)

// nicknameTable lists, per canonical given name, the nicknames and spelling
// variants people use for it. A nickname may belong to several names ("chris"
// is Christopher, Christine or Christian), so a token maps to a set of
// canonical names and two tokens are the same name when their sets meet.
// Entries are folded ASCII, as tokens are.
var nicknameTable = []struct{ name, variants string }{
	{"abigail", "abby abbie gail"},
	{"alan", "al allan allen alun"},
	{"albert", "al bert bertie"},
	{"alejandro", "alex alejo"},
	{"alexander", "alex al xander sasha sandy aleksander aleksandr alexandre alessandro"},
	{"alexandra", "alex alexa lexi lexie sasha sandy aleksandra alessandra"},
	{"alfred", "al alf alfie fred freddie"},
	{"andrew", "andy drew andre"},
	{"angela", "angie"},
	{"anthony", "tony antony ant anton"},
	{"arthur", "art artie"},
	{"barbara", "barb barbie babs"},
	{"benjamin", "ben benny benji"},
	{"bernard", "bernie"},
	{"beverly", "bev beverley"},
	{"bradley", "brad"},
	{"brian", "bryan"},
	{"caroline", "carol carrie carolyn caro"},
	{"charles", "charlie chuck chas chaz"},
	{"charlotte", "charlie lottie lotte"},
	{"christian", "chris"},
	{"christine", "chris chrissy tina christina kristine kristina kristin"},
	{"christopher", "chris kit topher christoph"},
	{"cynthia", "cindy"},
	{"daniel", "dan danny"},
	{"danielle", "dani"},
	{"david", "dave davy davey"},
	{"deborah", "deb debbie debby debra"},
	{"dolores", "lola"},
	{"donald", "don donny"},
	{"dorothy", "dot dottie dolly"},
	{"douglas", "doug"},
	{"edward", "ed eddie ted teddy ned"},
	{"edwin", "ed eddie"},
	{"eleanor", "ellie nell nora elle elinor"},
	{"elizabeth", "liz lizzie lizzy beth betty betsy eliza libby liza bess elisabeth elspeth"},
	{"emily", "em emmy"},
	{"frances", "fran fanny frankie"},
	{"francis", "frank fran"},
	{"francisco", "paco pancho"},
	{"franklin", "frank"},
	{"frederick", "fred freddie freddy fritz frederic"},
	{"gabriel", "gabe"},
	{"gabrielle", "gabby gabi gaby"},
	{"gerald", "gerry jerry"},
	{"gregory", "greg"},
	{"harold", "harry hal"},
	{"henry", "hank harry hal"},
	{"ignacio", "nacho"},
	{"jacob", "jake"},
	{"james", "jim jimmy jamie jem"},
	{"janet", "jan"},
	{"jeffrey", "jeff geoffrey geoff"},
	{"jennifer", "jen jenny jenn"},
	{"jessica", "jess jessie"},
	{"joanne", "jo joann joanna"},
	{"john", "jack johnny jon jonny"},
	{"jonathan", "jon jonny"},
	{"jose", "pepe"},
	{"joseph", "joe joey jos"},
	{"josephine", "jo josie"},
	{"joshua", "josh"},
	{"judith", "judy jude"},
	{"katherine", "kate katie katy kathy cathy kat kit kitty catherine kathryn katharine cate katya"},
	{"kenneth", "ken kenny"},
	{"lawrence", "larry laurence"},
	{"leonard", "leo len lenny"},
	{"louis", "lou louie"},
	{"louise", "lou lulu"},
	{"manuel", "manny manolo"},
	{"margaret", "peggy maggie meg margie marge greta madge"},
	{"mary", "molly polly mae mamie"},
	{"matthew", "matt matty"},
	{"michael", "mike mikey mick mickey"},
	{"michelle", "shelly michele"},
	{"nathan", "nate"},
	{"nathaniel", "nate nat"},
	{"nicholas", "nick nicky nico nic nicolas"},
	{"nicole", "nicki nikki nic nichole"},
	{"patricia", "pat patty patti tricia trish"},
	{"patrick", "pat paddy"},
	{"peter", "pete"},
	{"philip", "phil phillip"},
	{"rafael", "rafa raphael"},
	{"raymond", "ray"},
	{"rebecca", "becky becca"},
	{"richard", "rick ricky dick rich richie"},
	{"robert", "bob bobby rob robbie bert"},
	{"ronald", "ron ronnie"},
	{"samantha", "sam sammy sami"},
	{"samuel", "sam sammy"},
	{"sandra", "sandy"},
	{"stephanie", "steph stephie"},
	{"steven", "steve stevie stephen"},
	{"susan", "sue susie suzy susanna susannah"},
	{"suzanne", "sue suzie"},
	{"theodore", "ted teddy theo"},
	{"thomas", "tom tommy"},
	{"timothy", "tim timmy"},
	{"victoria", "vicky vicki tori vic"},
	{"vincent", "vince vinny"},
	{"walter", "walt wally"},
	{"william", "bill billy will willy willie liam"},
	{"zachary", "zach zack zak"},
}

// canonicalNames maps every name and nickname of the table to the sorted set
// of canonical names it may stand for. Built once, read-only.
var canonicalNames = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	add := func(k, v string) {
		if !slices.Contains(m[k], v) {
			m[k] = append(m[k], v)
		}
	}
	for _, e := range nicknameTable {
		add(e.name, e.name)
		for _, v := range strings.Fields(e.variants) {
			add(v, e.name)
		}
	}
	for _, v := range m {
		slices.Sort(v)
	}
	return m
})

// canonical returns the canonical names a folded token may stand for: the
// table's set, or the token itself when it is not in the table.
func canonical(tok string) []string {
	if c, ok := canonicalNames()[tok]; ok {
		return c
	}
	return []string{tok}
}
